import type { IpcMainInvokeEvent } from 'electron';
import { IPC_CONTRACT, type IpcArgs, type IpcChannel, type IpcResult } from '../common/ipc.js';

/** One handler per channel, typed by the contract. */
export type IpcHandlers = { [C in IpcChannel]: (...args: IpcArgs<C>) => Promise<IpcResult<C>> | IpcResult<C> };

/** The part of Electron's ipcMain this uses (a fake in the tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Refusals the renderer sees as a rejected promise; codes from this package's small catalog. */
export const IPC_ERRORS = {
  E_IPC_SENDER: 'The message does not come from one of Sluice’s own windows.',
  E_IPC_INVALID: 'The message does not match the IPC contract.',
} as const;

export class IpcRefusal extends Error {
  constructor(readonly code: keyof typeof IPC_ERRORS) {
    super(`${code}: ${IPC_ERRORS[code]}`);
  }
}

/**
 * Registers the handlers. Each message is checked before a handler sees it: it must come from one
 * of the shell's pages (`isTrusted` on the sending frame's URL) and its arguments must parse with
 * the channel's schema (unknown fields, wrong types and oversized strings are refused). The answer
 * is parsed too, so nothing leaves the main process that the contract does not describe.
 * Returns a function that removes the handlers.
 */
export function registerIpc(ipc: IpcMainLike, handlers: IpcHandlers, isTrusted: (url: string | undefined) => boolean, onRefusal?: (channel: string, code: string) => void): () => void {
  const channels = Object.keys(IPC_CONTRACT) as IpcChannel[];
  for (const channel of channels) {
    const contract = IPC_CONTRACT[channel];
    ipc.handle(channel, async (event, ...args) => {
      if (!isTrusted(event.senderFrame?.url)) {
        onRefusal?.(channel, 'E_IPC_SENDER');
        throw new IpcRefusal('E_IPC_SENDER');
      }
      const request = contract.request.safeParse(args);
      if (!request.success) {
        onRefusal?.(channel, 'E_IPC_INVALID');
        throw new IpcRefusal('E_IPC_INVALID');
      }
      const handler = handlers[channel] as (...a: unknown[]) => unknown;
      const result = await handler(...(request.data as unknown[]));
      return contract.response.parse(result);
    });
  }
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}
