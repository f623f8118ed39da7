// Last line of defence against a white screen: a render error anywhere shows what happened and
// how to continue. Saved records are safe (they are in IndexedDB); the draft autosaver flushed
// everything but the last second.
import { Component, type ComponentChildren } from 'preact';
import { t } from './i18n';

interface Props {
  children: ComponentChildren;
}

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static override getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // The error's name only: messages may quote user input.
    const name = error instanceof Error ? error.name : typeof error;
    console.error(`Jejaring: a screen failed to render (${name})`);
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main class="page" id="main">
        <h1>{t('app:crash.title')}</h1>
        <div class="notice notice-error" role="alert">
          <p>{t('app:crash.body')}</p>
        </div>
        <p>
          <button
            type="button"
            class="button button-primary button-block"
            onClick={() => location.reload()}
          >
            {t('app:actions.reload')}
          </button>
        </p>
        <p>
          <a class="button button-block" href="#/" onClick={() => this.setState({ failed: false })}>
            {t('app:crash.home')}
          </a>
        </p>
      </main>
    );
  }
}
