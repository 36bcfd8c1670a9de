import { useApolloClient, useMutation, useQuery, useSubscription } from "@apollo/client/react";
import { useState } from "react";
import { Button, Dialog, DialogTrigger, Heading, Popover } from "react-aria-components";
import { Link } from "react-router";
import { errorMessageOf } from "../../apollo/apiErrors";
import { questionPath } from "../../app/paths";
import { LoadMore } from "../../components/LoadMore";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  MarkNotificationsReadDocument,
  MyNotificationsDocument,
  MyUnreadNotificationCountChangedDocument,
  MyNotificationPreferencesDocument,
  MyUnreadNotificationCountDocument,
  UpdateNotificationPreferencesDocument,
} from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import "./community.css";

const PAGE = 20;

function NotificationList({ onNavigate }: { onNavigate: () => void }) {
  const notifications = useQuery(MyNotificationsDocument, { variables: { first: PAGE }, fetchPolicy: "cache-and-network" });
  const [markRead, marking] = useMutation(MarkNotificationsReadDocument, {
    refetchQueries: [MyNotificationsDocument, MyUnreadNotificationCountDocument],
  });
  const [error, setError] = useState<string | null>(null);
  const connection = notifications.data?.myNotifications;
  const pagination = useLoadMore(connection?.pageInfo, notifications.fetchMore);
  const list = connection?.edges.map((edge) => edge.node) ?? [];
  const unread = notifications.data?.myUnreadNotificationCount ?? 0;

  const markAll = async () => {
    setError(null);
    try {
      await markRead({ variables: { ids: null } });
    } catch (caught) {
      setError(`Your notifications could not be marked as read. ${errorMessageOf(caught)}`);
    }
  };
  const open = (id: string, read: boolean) => {
    if (!read) void markRead({ variables: { ids: [id] } }).catch(() => undefined);
    onNavigate();
  };

  if (notifications.loading && !connection) return <p role="status">Loading your notifications…</p>;
  if (notifications.error && !connection) return <p className="alert alert-error">Your notifications could not be loaded. {errorMessageOf(notifications.error)}</p>;
  return (
    <>
      {unread > 0 && (
        <button type="button" className="button button-secondary button-small" onClick={() => void markAll()} disabled={marking.loading}>
          Mark all as read
        </button>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted">You have no notifications yet. When someone answers one of your questions, you will see it here.</p>
      ) : (
        <ul className="notifications-list">
          {list.map((notification) => {
            const who = notification.actor?.profile.displayName ?? "Someone";
            const what = notification.question ? `${who} answered your question “${notification.question.title}”` : `${who} answered a question of yours that is no longer shown`;
            return (
              <li key={notification.id} className={notification.read ? "notifications-item" : "notifications-item notifications-item-unread"}>
                {notification.question?.video && notification.course ? (
                  <Link to={questionPath(notification.course.id, notification.question.video.id, notification.question.id)} onClick={() => open(notification.id, notification.read)}>
                    {what}
                  </Link>
                ) : (
                  <span>{what}</span>
                )}
                {!notification.read && <span className="visually-hidden"> (unread)</span>}
                {notification.course && <p className="muted">In {notification.course.title}.</p>}
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore pagination={pagination} />
    </>
  );
}

/** Mail besides the in-app notification: off unless the person turns it on. */
function MailPreference() {
  const preferences = useQuery(MyNotificationPreferencesDocument);
  const [update, updating] = useMutation(UpdateNotificationPreferencesDocument, { refetchQueries: [MyNotificationPreferencesDocument], awaitRefetchQueries: true });
  const [error, setError] = useState<string | null>(null);
  const mailOnAnswer = preferences.data?.myNotificationPreferences.mailOnAnswer;
  if (mailOnAnswer === undefined) return null;
  const change = async (checked: boolean) => {
    setError(null);
    try {
      await update({ variables: { mailOnAnswer: checked } });
      toastSuccess(checked ? "You will also get an email for each new answer to your questions." : "You will no longer get emails about answers.");
    } catch (caught) {
      setError(`Your choice could not be saved. ${errorMessageOf(caught)}`);
    }
  };
  return (
    <>
      <label className="checkbox-option notifications-mail">
        <input type="checkbox" checked={mailOnAnswer} disabled={updating.loading} onChange={(event) => void change(event.target.checked)} />
        <span>Also email me when someone answers my questions</span>
      </label>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** The bell in the site header: how many notifications are unread (live), and the list in a popover. */
export function NotificationsMenu() {
  const client = useApolloClient();
  const count = useQuery(MyUnreadNotificationCountDocument);
  // A new answer arrives over the WebSocket: the count changes in place, and an open list is read again.
  useSubscription(MyUnreadNotificationCountChangedDocument, {
    onData: ({ data }) => {
      const unread = data.data?.myUnreadNotificationCountChanged;
      if (unread == null) return;
      client.writeQuery({ query: MyUnreadNotificationCountDocument, data: { myUnreadNotificationCount: unread } });
      void client.refetchQueries({ include: [MyNotificationsDocument] });
    },
  });
  const [isOpen, setOpen] = useState(false);
  const unread = count.data?.myUnreadNotificationCount ?? 0;
  return (
    <DialogTrigger isOpen={isOpen} onOpenChange={setOpen}>
      <Button className="button button-ghost notifications-trigger" aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}>
        <svg aria-hidden="true" viewBox="0 0 20 20" width="20" height="20">
          <path d="M10 2a5 5 0 0 0-5 5v3l-2 3h14l-2-3V7a5 5 0 0 0-5-5Zm-2 13a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        {unread > 0 && (
          <span className="notifications-count" aria-hidden="true">
            {unread}
          </span>
        )}
      </Button>
      <Popover placement="bottom end" className="notifications-popover">
        <Dialog aria-labelledby="notifications-heading">
          <Heading slot="title" id="notifications-heading">
            Notifications
          </Heading>
          {isOpen && (
            <>
              <MailPreference />
              <NotificationList onNavigate={() => setOpen(false)} />
            </>
          )}
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
