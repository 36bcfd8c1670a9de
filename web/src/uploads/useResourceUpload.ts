import { useMutation } from "@apollo/client/react";
import { useEffect, useRef, useState } from "react";
import { fieldErrorsOf, errorMessageOf } from "../apollo/apiErrors";
import { fieldSentences } from "../components/forms/fieldSentence";
import {
  CompleteVideoResourceUploadDocument,
  CreateVideoResourceUploadDocument,
  DeleteVideoResourceDocument,
  type EditableResourceFragment,
} from "../gql/graphql";
import { putWithProgress, StorageProblem } from "./putWithProgress";
import { resourceContentTypeOf } from "./resourceContentType";

export type ResourceUploadState =
  | { phase: "idle" }
  | { phase: "uploading"; fileName: string; sentBytes: number; totalBytes: number }
  | { phase: "completing"; fileName: string }
  | { phase: "failed"; fileName: string; message: string };

/** The API's refusal as sentences for the person uploading. */
function sentencesOf(error: unknown): string {
  const sentences = fieldSentences(fieldErrorsOf(error)).map(([, sentence]) => sentence);
  return sentences.length > 0 ? sentences.join(" ") : errorMessageOf(error);
}

/**
 * Attaches a file to a video: the API hands out a URL, the file goes straight to storage (with
 * progress), and the API checks it. A file the API refuses is discarded at once, so it does not
 * count against the video's limit until its URL expires.
 */
export function useResourceUpload(videoId: string, onAttached: (resource: EditableResourceFragment) => void) {
  const [state, setState] = useState<ResourceUploadState>({ phase: "idle" });
  const [createUpload] = useMutation(CreateVideoResourceUploadDocument, { errorPolicy: "all" });
  const [completeUpload] = useMutation(CompleteVideoResourceUploadDocument, { errorPolicy: "all" });
  const [deleteResource] = useMutation(DeleteVideoResourceDocument, { errorPolicy: "all" });
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const start = async (file: File) => {
    const fileName = file.name;
    const contentType = resourceContentTypeOf(file);
    if (!contentType) {
      setState({
        phase: "failed",
        fileName,
        message: "Only PDFs, slides (PPTX, Keynote, ODP), ZIP or TAR.GZ archives, text, Markdown and images can be attached.",
      });
      return;
    }
    const controller = new AbortController();
    running.current = controller;
    setState({ phase: "uploading", fileName, sentBytes: 0, totalBytes: file.size });
    const created = await createUpload({ variables: { input: { videoId, fileName, contentType, byteSize: file.size } } });
    const upload = created.data?.createVideoResourceUpload;
    if (!upload) {
      setState({ phase: "failed", fileName, message: sentencesOf(created.error) });
      return;
    }
    try {
      await putWithProgress({
        url: upload.url,
        body: file,
        contentType,
        signal: controller.signal,
        onProgress: (sentBytes) => setState({ phase: "uploading", fileName, sentBytes, totalBytes: file.size }),
      });
    } catch (error) {
      await deleteResource({ variables: { id: upload.id } });
      if (controller.signal.aborted) {
        setState({ phase: "idle" });
        return;
      }
      const reason = error instanceof StorageProblem ? `${error.message}.` : "";
      setState({ phase: "failed", fileName, message: `${reason} Check your connection and try again.`.trim() });
      return;
    }
    setState({ phase: "completing", fileName });
    const completed = await completeUpload({ variables: { id: upload.id } });
    const resource = completed.data?.completeVideoResourceUpload;
    if (!resource) {
      await deleteResource({ variables: { id: upload.id } });
      setState({ phase: "failed", fileName, message: sentencesOf(completed.error) });
      return;
    }
    setState({ phase: "idle" });
    onAttached(resource);
  };

  return { state, start: (file: File) => void start(file), cancel: () => running.current?.abort() };
}
