import type { Command } from '../command.js';
import { devicesList, devicesRevoke, eventsSearch, policyPush, tokenCreate, tokenRevoke } from './admin.js';
import { agentEnroll, agentJustify, agentRun, agentStatus, agentTestEvent } from './agent.js';
import { collectorStart } from './collector.js';
import { dev } from './dev.js';
import { discoverCommand } from './discover.js';
import { dlpDetectors, dlpEdmBuild, dlpEvidence, dlpRedact, dlpScan } from './dlp.js';
import { edmDelete, edmList, edmUpload } from './edm.js';
import { fingerprintCommand } from './fingerprint.js';

/** Every `sluice` command, in the order `sluice help` lists them. */
export const COMMANDS: readonly Command[] = [
  dev,
  collectorStart,
  tokenCreate,
  tokenRevoke,
  agentEnroll,
  agentRun,
  agentStatus,
  agentTestEvent,
  agentJustify,
  eventsSearch,
  devicesList,
  devicesRevoke,
  policyPush,
  edmUpload,
  edmList,
  edmDelete,
  fingerprintCommand,
  discoverCommand,
  dlpScan,
  dlpRedact,
  dlpEvidence,
  dlpDetectors,
  dlpEdmBuild,
];
