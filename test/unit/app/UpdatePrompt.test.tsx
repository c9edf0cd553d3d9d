// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { UpdatePrompt } from '../../../src/app/UpdatePrompt';

describe('UpdatePrompt', () => {
  it('updates only when the user confirms', async () => {
    const onUpdate = vi.fn();
    const onDismiss = vi.fn();
    render(<UpdatePrompt onUpdate={onUpdate} onDismiss={onDismiss} />);
    expect(
      screen.getByText('A new version of OncoScan is ready.'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(onUpdate).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Reload to update' }),
    );
    expect(onUpdate).toHaveBeenCalledTimes(1);
  });
});
