// The catalog bench's baseline: the page the API's `courses(first: 20)` answers, fetched by one
// hand-written SQL query through `pg` and sent by a bare node:http server. What the API costs on
// top of this is what its layers (GraphQL, shield, loaders, Prisma) add.
import { createServer } from "node:http";
import pg from "pg";

/** Same as the API's Prisma pool, so neither gets more database connections than the other. */
const POOL_SIZE = 10;
const PAGE_SIZE = 20;

/** Base64url of "Type:uuid" without padding, as the API's global ids (server/src/platform/ids.ts). */
const globalId = (type: string, column: string) =>
  `translate(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), '+/=', '-_')`;

/** A user as the page shows one, from `users u JOIN profiles p`. */
const PERSON = `json_build_object('id', ${globalId("User", "u.id")}, 'profile', json_build_object('displayName', p.display_name))`;

// The API's default order (newest published first, id as the tiebreak), with the same fields.
const CATALOG_PAGE_SQL = `
SELECT json_build_object('data', json_build_object('courses', json_build_object('nodes', coalesce(json_agg(page.course ORDER BY page.published_at DESC, page.id DESC), '[]'))))::text AS body
FROM (
  SELECT c.id, c.published_at, json_build_object(
    'id', ${globalId("Course", "c.id")},
    'slug', c.slug, 'title', c.title, 'subtitle', c.subtitle,
    'priceCents', c.price_cents, 'currency', c.currency, 'tags', c.tags,
    'owner', (SELECT ${PERSON} FROM users u JOIN profiles p ON p.user_id = u.id WHERE u.id = c.owner_id),
    'instructors', (SELECT json_agg(${PERSON} ORDER BY i.rank, i.added_at, i.user_id) FROM (
        SELECT 0 AS rank, NULL::timestamptz AS added_at, c.owner_id AS user_id
        UNION ALL SELECT 1, ci.added_at, ci.user_id FROM course_instructors ci WHERE ci.course_id = c.id
      ) i JOIN users u ON u.id = i.user_id JOIN profiles p ON p.user_id = u.id),
    'sections', coalesce((SELECT json_agg(json_build_object(
        'id', ${globalId("Section", "s.id")}, 'title', s.title, 'position', s.position,
        'videos', coalesce((SELECT json_agg(json_build_object(
            'id', ${globalId("Video", "v.id")}, 'title', v.title, 'durationSeconds', v.duration_seconds,
            'position', v.position, 'isPreview', v.is_preview) ORDER BY v.position)
          FROM videos v WHERE v.section_id = s.id), '[]')
      ) ORDER BY s.position) FROM sections s WHERE s.course_id = c.id), '[]'),
    'videoCount', (SELECT count(*) FROM videos v WHERE v.course_id = c.id),
    'totalDurationSeconds', (SELECT coalesce(sum(v.duration_seconds), 0) FROM videos v WHERE v.course_id = c.id)
  ) AS course
  FROM courses c
  WHERE c.status = 'PUBLISHED'
  ORDER BY c.published_at DESC, c.id DESC
  LIMIT ${PAGE_SIZE}
) page`;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: POOL_SIZE });

const server = createServer((request, response) => {
  if (request.url === "/readyz") {
    response.writeHead(200).end("ok");
    return;
  }
  if (request.url !== "/catalog") {
    response.writeHead(404).end();
    return;
  }
  pool.query<{ body: string }>(CATALOG_PAGE_SQL).then(
    ({ rows }) => {
      response.writeHead(200, { "content-type": "application/json" }).end(rows[0].body);
    },
    (error: Error) => {
      response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: error.message }] }));
    },
  );
});

server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
