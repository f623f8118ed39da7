// Entry of the coordinator console (/koordinator/): language, then the shell.
import { render } from 'preact';
import { App } from './App';
import { initI18n } from './i18n';
import '../ui/ui.css';
import './console.css';

async function boot(): Promise<void> {
  await initI18n();
  const root = document.getElementById('console');
  if (root) render(<App />, root);
}

void boot();
