import { arch, hostname, platform, release, userInfo } from 'node:os';

export interface OsInfo {
  platform: string;
  release: string;
  arch: string;
  hostname: string;
}

/**
 * What the core needs from the operating system. Implementations for each OS live in
 * agent/platform; later capabilities add their sources (windows, clipboard, processes) here.
 */
export interface Platform {
  osInfo(): OsInfo;
  /** The account of the interactive user the events are about. */
  currentUser(): string;
}

/** The part every OS answers the same way through Node. */
export function createNodePlatform(): Platform {
  let user: string | undefined;
  return {
    osInfo: () => ({ platform: platform(), release: release().slice(0, 128), arch: arch(), hostname: hostname().slice(0, 255) }),
    currentUser: () => {
      if (user === undefined) {
        try {
          user = userInfo().username.slice(0, 256);
        } catch {
          user = '';
        }
      }
      return user;
    },
  };
}
