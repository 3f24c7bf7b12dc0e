/** The family page's entry: mounts {@link App} in `#app`, in place of the static «Загрузка…» line. */
import { render } from 'preact';
import { App } from './app.js';
import { prefetchDashboard } from './data/use-dashboard.js';
import { browserStorage, initialLanguage } from './i18n.js';
import './styles.css';

// Beside the session check App makes, not after it (see prefetchDashboard).
prefetchDashboard(initialLanguage(browserStorage()));

const root = document.getElementById('app');
if (root) {
  // The line index.html shows before the script runs; Preact renders beside existing children, not over them.
  root.replaceChildren();
  render(<App />, root);
}
