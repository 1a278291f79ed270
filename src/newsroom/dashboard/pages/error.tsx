import type { View } from '../layout';

/**
 * A refusal or failure outside any page's own form: the message and a way back. It has no
 * navigation of its own, since the request may have failed before the site or session was known.
 */
export function ErrorPage({ view, message }: { view: View; message: string }) {
  return (
    <html lang={view.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{view.t('title')}</title>
        <link rel="stylesheet" href="/newsroom/assets/app.css" />
      </head>
      <body>
        <main id="main">
          <h1>{view.t('title')}</h1>
          <p class="errors" role="alert">
            {message}
          </p>
          <p>
            <a href="/newsroom">{view.t('back')}</a>
          </p>
        </main>
      </body>
    </html>
  );
}
