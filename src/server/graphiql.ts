/**
 * An offline GraphQL IDE: GraphiQL and React served from the installed npm packages, never from a CDN.
 * In demo mode the page fetches the demo token and puts it in the request headers for you.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Static files of the IDE, by URL path. */
export interface GraphiqlAssets {
  page: string;
  files: ReadonlyMap<string, { body: Buffer; contentType: string }>;
}

const EXAMPLE_QUERY = `# The demo family's children with this week's diary. Press ▶ to run.
query Dashboard($from: Date!, $to: Date!) {
  viewer {
    displayName
    students {
      id
      fullName
      className
      school { name }
      grades(from: $from, to: $to) { subject { name } date value { raw scale fivePoint } weight workType isPoint isExam }
      homework(from: $from, to: $to) { subject { name } dueOn text }
      schedule(from: $from, to: $to) { date startsAt subject { name } room isCancelled isReplaced absence { kind reason } }
      freshness { provider fetchedAt isStale error { code message } }
    }
  }
}`;

/** Reads the IDE's files once, at start-up. */
export function loadGraphiqlAssets(options: { demo: boolean }): GraphiqlAssets {
  const read = (name: string, file: string) => readFileSync(join(packageDir(name), file));
  const files = new Map([
    [
      '/graphiql/react.js',
      { body: read('react', 'umd/react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
    ],
    [
      '/graphiql/react-dom.js',
      { body: read('react-dom', 'umd/react-dom.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
    ],
    [
      '/graphiql/graphiql.js',
      { body: read('graphiql', 'graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
    ],
    ['/graphiql/graphiql.css', { body: read('graphiql', 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' }],
  ]);
  return { page: renderPage(options.demo), files };
}

function renderPage(demo: boolean): string {
  return `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>diary-gateway · GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css">
  <style>html, body { height: 100%; margin: 0; } #graphiql { height: calc(100% - 1.8rem); } #session { height: 1.8rem; line-height: 1.8rem; padding: 0 1rem; font: 14px system-ui, sans-serif; background: #f3f5f9; }</style>
</head>
<body>
  <div id="session"></div>
  <div id="graphiql">Loading…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script>
    (async () => {
      const headers = {};
      // Signed in through /auth/login: the HttpOnly cookie goes with every request, so no header is needed.
      const session = await fetch('/auth/session').then((r) => r.json());
      const bar = document.getElementById('session');
      if (session.signedIn) {
        bar.textContent = 'Signed in as ' + session.displayName + ' (session cookie) · ';
        bar.append(Object.assign(document.createElement('a'), { href: '#', textContent: 'sign out', onclick: async (event) => {
          event.preventDefault();
          await fetch('/auth/logout', { method: 'POST' });
          location.reload();
        } }));
      } else {
        ${demo ? "const demo = await fetch('/demo/token').then((r) => r.json()); headers.Authorization = 'Bearer ' + demo.token;" : ''}
        bar.textContent = ${demo ? "'Using the demo parent\u2019s token · '" : "'Not signed in · '"};
        if (session.signInAvailable) bar.append(Object.assign(document.createElement('a'), { href: '/auth/login?returnTo=/graphiql', textContent: 'sign in' }));
      }
      const today = new Date();
      const monday = new Date(today); monday.setDate(today.getDate() - ((today.getDay() + 6) % 7));
      const sunday = new Date(monday); sunday.setDate(monday.getDate() + 6);
      const iso = (d) => d.toISOString().slice(0, 10);
      const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: ${JSON.stringify(EXAMPLE_QUERY)},
        variables: JSON.stringify({ from: iso(monday), to: iso(sunday) }, null, 2),
        headers: JSON.stringify(headers, null, 2),
        shouldPersistHeaders: false,
      }));
    })();
  </script>
</body>
</html>`;
}
