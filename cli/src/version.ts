/** The version of this build of Sluice, reported by agents in hello. */
export const SLUICE_VERSION = '0.1.0';
