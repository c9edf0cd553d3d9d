/**
 * JS heap of a page and of its dedicated workers, through the Chrome
 * DevTools Protocol. `performance.memory` exists only on `window`, and the
 * model runs in a worker, so the worker is measured through its own target.
 */

import type { BrowserContext, CDPSession, Page } from 'playwright-core';

import type { HeapUsage, JsHeap } from './results';

/** Maximum wait for a worker's reply to one protocol command, in ms. */
const WORKER_REPLY_TIMEOUT_MS = 60_000;

/** The fields of a `Runtime.getHeapUsage` reply the bench uses. */
interface HeapUsageReply {
  usedSize: number;
  backingStorageSize: number;
}

function toHeapUsage(reply: HeapUsageReply): HeapUsage {
  return {
    usedBytes: reply.usedSize,
    backingStorageBytes: reply.backingStorageSize,
  };
}

interface PendingReply {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Measures the heap of `page` and its workers after garbage collection.
 * Playwright's `CDPSession` cannot address a worker's session, so commands
 * go through `Target.sendMessageToTarget`, which Chromium 156 still
 * supports although the protocol marks it deprecated.
 */
export class HeapProbe {
  private nextId = 1;
  private readonly pending = new Map<number, PendingReply>();
  /** Session id of each attached worker target, by target id. */
  private readonly workerSessions = new Map<string, string>();

  private constructor(
    private readonly session: CDPSession,
    private readonly origin: string,
  ) {
    session.on('Target.receivedMessageFromTarget', ({ message }) => {
      const reply = JSON.parse(message) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const pending =
        reply.id === undefined ? null : this.pending.get(reply.id);
      if (!pending) {
        return;
      }
      this.pending.delete(reply.id!);
      if (reply.error) {
        pending.reject(new Error(reply.error.message));
      } else {
        pending.resolve(reply.result);
      }
    });
  }

  static async attach(context: BrowserContext, page: Page): Promise<HeapProbe> {
    const session = await context.newCDPSession(page);
    return new HeapProbe(session, new URL(page.url()).origin);
  }

  async measure(): Promise<JsHeap> {
    await this.session.send('HeapProfiler.collectGarbage');
    const page = toHeapUsage(await this.session.send('Runtime.getHeapUsage'));

    const workers: HeapUsage = { usedBytes: 0, backingStorageBytes: 0 };
    for (const sessionId of await this.attachWorkers()) {
      await this.sendToWorker(sessionId, 'HeapProfiler.collectGarbage');
      const usage = toHeapUsage(
        (await this.sendToWorker(
          sessionId,
          'Runtime.getHeapUsage',
        )) as HeapUsageReply,
      );
      workers.usedBytes += usage.usedBytes;
      workers.backingStorageBytes += usage.backingStorageBytes;
    }
    return { page, workers };
  }

  async detach(): Promise<void> {
    await this.session.detach();
  }

  /** Attaches to every worker of the page's origin not attached yet. */
  private async attachWorkers(): Promise<string[]> {
    const { targetInfos } = await this.session.send('Target.getTargets');
    const workers = targetInfos.filter(
      (target) =>
        target.type === 'worker' && target.url.startsWith(this.origin),
    );
    if (workers.length === 0) {
      throw new Error(
        `No worker of ${this.origin} is running, so the model worker's ` +
          'heap cannot be measured',
      );
    }
    const sessions: string[] = [];
    for (const worker of workers) {
      let sessionId = this.workerSessions.get(worker.targetId);
      if (!sessionId) {
        ({ sessionId } = await this.session.send('Target.attachToTarget', {
          targetId: worker.targetId,
          flatten: false,
        }));
        this.workerSessions.set(worker.targetId, sessionId);
      }
      sessions.push(sessionId);
    }
    return sessions;
  }

  private sendToWorker(sessionId: string, method: string): Promise<unknown> {
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new Error(
            `The worker sent no reply to ${method} within ` +
              `${WORKER_REPLY_TIMEOUT_MS} ms`,
          ),
        );
      }, WORKER_REPLY_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    this.session
      .send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      })
      .catch((error: Error) => {
        this.pending.get(id)?.reject(error);
        this.pending.delete(id);
      });
    return reply;
  }
}
