import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryState {
  error: Error | null;
}

/** Replaces a crashed view with a message and a way out. */
export class ErrorBoundary extends Component<
  { children: ReactNode },
  ErrorBoundaryState
> {
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): ErrorBoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('OncoScan view crashed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) {
      return this.props.children;
    }
    return (
      <main className="crash" role="alert">
        <h1>Something went wrong</h1>
        <p>
          OncoScan hit an unexpected error and stopped this view. Your photo was
          not sent anywhere. Reload the page to start again.
        </p>
        <p className="error-detail">Error: {this.state.error.message}</p>
        <button type="button" onClick={() => location.reload()}>
          Reload the page
        </button>
      </main>
    );
  }
}
