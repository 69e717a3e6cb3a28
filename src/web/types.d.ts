/** Options of `checkVersions`. Every field is optional. */
export interface CheckOptions {
  /** The terminal's search key (default: the page URL's `terminal` parameter). */
  terminal?: string;
  /** This page's server base URL, e.g. `https://central.example/openbravo` (default: derived from the page URL). */
  serverUrl?: string;
  /** Time limit of each request in milliseconds (default 5000, 100 to 120000). */
  timeoutMs?: number;
  /** Largest response body read, in bytes (default and maximum 4194304). */
  maxBodyBytes?: number;
  /** Central's server definitions, when the host already has them (else fetched). */
  servers?: ServerDefinition[];
  /** The terminal's store server key, when the host knows it (else fetched). */
  storeServer?: string;
  /** The host's resolved ignore-version-check permission (else the preference records are fetched). */
  ignoreVersionCheck?: boolean;
  /** The preference's property name (default `OBMOBC_IgnoreVersionCheck`). */
  preferenceProperty?: string;
}

/** Options of `guardLogin`: the check's, plus how to enforce a block. */
export interface GuardOptions extends CheckOptions {
  /** The host's logout (the Openbravo WebPOS passes `OB.MobileApp.model.logout`); default: the server's logout endpoint. */
  logout?: () => unknown;
  /** Message language, `en` or `es` (default: the page's `lang`, then the browser's). */
  language?: string;
  /** Label templates by key (`%0`, `%1` placeholders) overriding the shipped ones; `OB.I18N.getLabel` is used when present. */
  labels?: Record<string, string>;
  /** Redirect to store mode after this many seconds, with a visible, cancellable countdown (default 0: never). */
  redirectAfterSeconds?: number;
  /** Where to put the dialog (default `document.body`). */
  container?: Element;
}

/** One server in central's server definitions. */
export interface ServerDefinition {
  key: string;
  name: string;
  description?: string | null;
  type: "MAIN" | "STORE";
  url: string;
  status: "ON" | "OFF" | "TON" | "TOFF";
  priority?: number;
  allowedDomains?: string[];
}

/** A common module on different versions. */
export interface ModuleDifference {
  moduleId: string;
  name: string;
  centralVersion: string;
  storeVersion: string;
  newer: "central" | "store";
}

/** A module installed on one side only. */
export interface LoneModule {
  moduleId: string;
  name: string;
  version: string;
}

/** Request durations in milliseconds (`null`: not requested). */
export interface Timings {
  serverDefinitions: number | null;
  terminal: number | null;
  centralVersion: number | null;
  storeVersion: number | null;
  pending: number | null;
  preference: number | null;
  total: number;
}

/** Everything the guard decided. Also the `detail` of the `webpos-version-guard:verdict` event. */
export interface Verdict {
  outcome: "proceed" | "block";
  /** The decision-table row (1 to 7) that decided. */
  rule: number;
  reason: string;
  loadedFrom: "central" | "storeMode";
  terminal: string;
  storeServer: string | null;
  /** `null` when nothing was checked (store mode, or the check skipped without fetching). */
  status: "sameAsCentral" | "differentFromCentral" | "unknown" | null;
  statusLabel: "Same as Central" | "Different from Central" | "Unknown" | null;
  /** Why the status is unknown. */
  error: string | null;
  centralVersion: string | null;
  storeVersion: string | null;
  newer: "central" | "store" | null;
  pendingBatches: number | null;
  differences: ModuleDifference[];
  onlyOnCentral: LoneModule[];
  onlyOnStore: LoneModule[];
  storeModeUrl: string | null;
  storeModeRefused: string | null;
  ignoreVersionCheck: "notSet" | "honouredY" | "honouredN" | "notHonoured" | "conflict" | "unavailable";
  diagnostics: string[];
  timings: Timings;
  /** Set by `guardLogin` after a block: whether the logout succeeded. */
  loggedOut: boolean | null;
}

/** Options of the `Overview` (Store Server Version Overview). */
export interface OverviewOptions {
  /** Central's base URL (default: derived from the admin page's URL). */
  serverUrl?: string;
  /** Stores asked at once (default 24, 1 to 256). Each store is its own origin. */
  concurrency?: number;
  /** Time limit of each request in milliseconds (default 5000). */
  timeoutMs?: number;
  /** Called once per refresh with the store servers from central's definitions. */
  onServers?: (servers: ServerDefinition[]) => void;
  /** Called with each store's row as soon as it is computed. */
  onRow?: (row: OverviewRow) => void;
  /** Called with how many stores are checked out of how many. */
  onProgress?: (checked: number, total: number) => void;
}

/** One store server's row of the overview. */
export interface OverviewRow {
  key: string;
  name: string;
  url: string;
  serverStatus: "online" | "offline" | "transitioning";
  serverStatusCode: "ON" | "OFF" | "TON" | "TOFF";
  reloadStatus: string | null;
  versionStatus: "Same as Central" | "Different from Central" | "Unknown";
  versionStatusCode: "same" | "different" | "unknown";
  version: string | null;
  pendingBatches: number | null;
  pendingError: string | null;
  differences: { module: string; centralVersion: string; storeVersion: string; newer: "central" | "store" }[];
  error: string | null;
  /** The Differences field as text: the differences, or the error when Unknown. */
  differencesText: string;
  computedAt: string | null;
}

/** The summary line. */
export interface OverviewSummary {
  total: number;
  checked: number;
  same: number;
  different: number;
  unknown: number;
  pendingBatches: number;
}

/** One line of Modules by Server. */
export interface ModuleLine {
  id: string;
  name: string;
  javaPackage: string;
  version: string;
  centralVersion: string | null;
  differs: boolean;
}

/** What Recompute Version Information did. */
export interface RecomputeOutcome {
  ok: boolean;
  error: string | null;
  computedAt: string | null;
  row: OverviewRow | null;
}
