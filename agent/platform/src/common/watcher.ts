import { watch as chokidarWatch } from 'chokidar';
import type { FileWatcher } from '@sluice/agent-core';

/**
 * Model and configuration folders watched with chokidar (inotify, FSEvents or ReadDirectoryChangesW
 * underneath). Files that are not wanted are ignored before they are stat'ed; permission errors are
 * skipped, not fatal; symbolic links are not followed so a link cannot pull a whole disk in.
 */
export function createFileWatcher(): FileWatcher {
  return {
    watch(roots, options, onEvent, onError) {
      const watcher = chokidarWatch([...roots], {
        persistent: true,
        ignoreInitial: false,
        followSymlinks: false,
        ignorePermissionErrors: true,
        depth: options.depth,
        alwaysStat: true,
        awaitWriteFinish: false,
        ignored: (path, stats) => stats !== undefined && stats.isFile() && !options.accept(path),
      });
      watcher.on('add', (path, stats) => onEvent({ kind: 'add', path, ...(stats ? { size: stats.size } : {}) }));
      watcher.on('change', (path, stats) => onEvent({ kind: 'add', path, ...(stats ? { size: stats.size } : {}) }));
      watcher.on('unlink', (path) => onEvent({ kind: 'unlink', path }));
      watcher.on('addDir', (path) => onEvent({ kind: 'addDir', path }));
      watcher.on('error', (error) => onError(error instanceof Error ? error : new Error(String(error))));
      return {
        add: (more) => {
          watcher.add([...more]);
        },
        close: () => watcher.close(),
      };
    },
  };
}
