/**
 * Whether cursor `a` is after cursor `b` (decimal sequence numbers, compared as integers).
 * @param {string} a
 * @param {string} b
 */
export function cursorAfter(a: string, b: string): boolean;
/**
 * The delay before reconnect attempt `attempt` (0-based): full jitter, uniformly random in
 * [0, min(cap, base * 2^attempt)).
 * @param {number} attempt
 * @param {number} baseMs
 * @param {number} capMs
 * @param {() => number} [random]
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random?: () => number): number;
/**
 * What to do after a connection ended with `code` (see protocol.md, "Close codes"):
 * `fail` (never reconnect), `now` (at once), `jitter` (after a short random delay), `refresh`
 * (at once with fresh credentials) or `backoff`.
 * @param {number | null | undefined} code
 * @returns {"fail" | "now" | "jitter" | "refresh" | "backoff"}
 */
export function closePolicy(code: number | null | undefined): "fail" | "now" | "jitter" | "refresh" | "backoff";
/**
 * A comparator for documents that orders them as the server's `sort=` does: keys in order, `-` for
 * descending, missing values first ascending and last descending, the id ascending breaking ties.
 * @param {string | undefined} sort
 * @returns {(a: any, b: any) => number}
 */
export function comparator(sort: string | undefined): (a: any, b: any) => number;
/** An error answer: `status`, `code` (e.g. `precondition-failed`) and the whole problem document. */
export class SwitchboardError extends Error {
    /**
     * @param {any} problem an RFC 9457 problem document
     * @param {number | null} [retryAfter] seconds, from `Retry-After`
     */
    constructor(problem: any, retryAfter?: number | null);
    /** @type {number} */
    status: number;
    /** @type {string} */
    code: string;
    /** @type {any} */
    problem: any;
    /** @type {number | null} */
    retryAfter: number | null;
}
/** A minimal typed event emitter; `on` returns a function that removes the listener. */
export class Emitter {
    /**
     * @param {string} type
     * @param {(...args: any[]) => void} listener
     * @returns {() => void}
     */
    on(type: string, listener: (...args: any[]) => void): () => void;
    /**
     * @param {string} type
     * @param {(...args: any[]) => void} listener
     */
    off(type: string, listener: (...args: any[]) => void): void;
    /**
     * @param {string} type
     * @param {...any} args
     * @returns {boolean} whether anyone listened
     */
    emit(type: string, ...args: any[]): boolean;
    #private;
}
/**
 * One subscription of the connection: a topic, an optional filter, its cursor. It receives each
 * event once, in order: events at or before its cursor are dropped as already seen.
 *
 * Events: `event` (SwitchboardEvent), `reset` (SwitchboardEvent), `presence` (SwitchboardEvent),
 * `unsubscribed` (SwitchboardEvent: the server ended it), `error` (SwitchboardError: refused).
 */
export class Subscription extends Emitter {
    /**
     * @param {Switchboard} sb
     * @param {string} name
     * @param {string} topic
     * @param {SubscribeOptions} options
     */
    constructor(sb: Switchboard, name: string, topic: string, options: SubscribeOptions);
    /** The name that tags this subscription's events on the shared connection. */
    name: string;
    topic: string;
    /** @type {Record<string, unknown> | undefined} */
    filter: Record<string, unknown> | undefined;
    presence: boolean;
    /** The cursor of the last event delivered (or where it starts), `null` before it started. @type {string | null} */
    cursor: string | null;
    closed: boolean;
    /** Settles when the server first acknowledged the subscription (rejects if it was refused). @type {Promise<void>} */
    ready: Promise<void>;
    /** Ends the subscription; the connection stays for the others. */
    close(): void;
    /** @internal @param {string | null | undefined} cursor */
    _started(cursor: string | null | undefined): void;
    /** @internal @param {SwitchboardError} error */
    _refused(error: SwitchboardError): void;
    /**
     * Delivers an event unless it was seen (its cursor is not after this subscription's).
     * @internal
     * @param {SwitchboardEvent} event
     */
    _deliver(event: SwitchboardEvent): void;
    /** @internal @param {string} cursor a position every event up to which has been delivered */
    _advance(cursor: string): void;
    #private;
}
/** REST access to one collection; every method throws a {@link SwitchboardError} on an error answer. */
export class Collection {
    /**
     * @param {Switchboard} sb
     * @param {string} name
     */
    constructor(sb: Switchboard, name: string);
    name: string;
    /**
     * @param {string} id
     * @returns {Promise<any>} the document
     */
    get(id: string): Promise<any>;
    /**
     * @param {any} body
     * @returns {Promise<any>} the created document
     */
    create(body: any): Promise<any>;
    /**
     * A JSON Merge Patch (or a JSON Patch array with `format: "json-patch"`).
     * @param {string} id
     * @param {any} patch
     * @param {Precondition & { format?: "merge" | "json-patch" }} [options] `ifMatch`: a version or an ETag
     * @returns {Promise<any>} the patched document
     */
    patch(id: string, patch: any, options?: Precondition & {
        format?: "merge" | "json-patch";
    }): Promise<any>;
    /**
     * @param {string} id
     * @param {any} body
     * @param {Precondition & { ifNoneMatch?: string }} [options]
     * @returns {Promise<any>} the stored document
     */
    replace(id: string, body: any, options?: Precondition & {
        ifNoneMatch?: string;
    }): Promise<any>;
    /**
     * @param {string} id
     * @param {Precondition} [options]
     * @returns {Promise<void>}
     */
    delete(id: string, options?: Precondition): Promise<void>;
    /**
     * One page of the list. Keys other than filter, sort, limit, after and count are filters too.
     * @param {ListQuery & Record<string, unknown>} [query]
     * @returns {Promise<ListPage>}
     */
    list(query?: ListQuery & Record<string, unknown>): Promise<ListPage>;
    #private;
}
/**
 * A live, ordered result set: the snapshot of a list query, kept current by its subscription.
 * Each change is applied once, by version; a `reset` refetches.
 *
 * Events: `change` ({ items, changes, snapshot }), `error` (SwitchboardError).
 */
export class LiveQuery extends Emitter {
    /**
     * @param {Switchboard} sb
     * @param {string} collection
     * @param {{ filter?: Record<string, unknown>, sort?: string }} options
     */
    constructor(sb: Switchboard, collection: string, options: {
        filter?: Record<string, unknown>;
        sort?: string;
    });
    collection: string;
    filter: Record<string, unknown> | undefined;
    sort: string | undefined;
    /** The current documents, in the query's order. @type {any[]} */
    items: any[];
    /** Settles when the first snapshot is loaded and subscribed. @type {Promise<void>} */
    ready: Promise<void>;
    /** Stops following the query. */
    close(): void;
    #private;
}
/**
 * A channel: its messages (`message` events: (data, event)) and, with `presence: true`, who is
 * here (`presence.on("change", members => …)`, `presence.members`).
 */
export class Channel extends Emitter {
    /**
     * @param {Switchboard} sb
     * @param {string} name `namespace:name`
     * @param {{ presence?: boolean, cursor?: string }} options
     */
    constructor(sb: Switchboard, name: string, options: {
        presence?: boolean;
        cursor?: string;
    });
    name: string;
    /** Who is subscribed, kept current (`change` events with the member list). @type {Emitter & { members: Member[] }} */
    presence: Emitter & {
        members: Member[];
    };
    ready: Promise<void>;
    /**
     * @param {any} data any JSON
     * @returns {Promise<{ cursor: string | null }>}
     */
    publish(data: any): Promise<{
        cursor: string | null;
    }>;
    /** Leaves the channel. */
    close(): void;
    #private;
}
/** @typedef {WsTransport | SseTransport | PollTransport} Transport */
/**
 * What the transports need from the client: the subscriptions, targets and settings. Package-private.
 * @typedef {object} Connection
 * @property {Map<string, Subscription>} subs
 * @property {SwitchboardOptions} options
 * @property {number} connectTimeoutMs
 * @property {number} heartbeatMs
 * @property {number} pollWaitSeconds
 * @property {() => Promise<{ url: string, options: any }>} wsTarget
 * @property {(path: string, signal: AbortSignal, accept: string) => Promise<Response>} fetchRealtime
 * @property {() => void} heard
 */
/**
 * The client. Events: `state` ({@link StateChange}), `error` (a {@link SwitchboardError} or Error
 * that did not belong to one call).
 */
export class Switchboard extends Emitter {
    /** @param {SwitchboardOptions} [options] */
    constructor(options?: SwitchboardOptions);
    /** The server's base URL, without a trailing slash. */
    url: string;
    options: SwitchboardOptions;
    /** @type {TransportName[]} */
    transports: TransportName[];
    /** The connection's current state. */
    get state(): StateChange;
    /** The transport in use, or `null`. */
    get transport(): TransportName | null;
    /**
     * Signs in with a browser session (`POST /auth/login`); keeps the CSRF token in memory and sends it
     * on writes. In Node the session cookie is kept in memory too.
     * @param {string} username
     * @param {string} password
     * @returns {Promise<{ user: string, roles: string[] }>}
     */
    login(username: string, password: string): Promise<{
        user: string;
        roles: string[];
    }>;
    /**
     * Picks up an existing browser session (after a reload): `null` when there is none.
     * @returns {Promise<{ user: string, roles: string[] } | null>}
     */
    session(): Promise<{
        user: string;
        roles: string[];
    } | null>;
    /** Ends the browser session (`POST /auth/logout`); its connections are closed by the server (4005). */
    logout(): Promise<void>;
    /**
     * A REST call with the client's credentials (and CSRF token on writes); throws a
     * {@link SwitchboardError} for any error answer. For endpoints without a helper (`/admin/…`).
     * @param {string} method
     * @param {string} path from the server root, e.g. `/admin/sessions`
     * @param {{ body?: any, query?: Record<string, string> | [string, string][], headers?: Record<string, string>, contentType?: string, anonymous?: boolean }} [options]
     * @returns {Promise<Reply>}
     */
    request(method: string, path: string, options?: {
        body?: any;
        query?: Record<string, string> | [string, string][];
        headers?: Record<string, string>;
        contentType?: string;
        anonymous?: boolean;
    }): Promise<Reply>;
    /**
     * @param {string} name
     * @returns {Collection}
     */
    collection(name: string): Collection;
    /**
     * A live, ordered list query.
     * @param {string} collection
     * @param {{ filter?: Record<string, unknown>, sort?: string }} [options]
     * @returns {LiveQuery}
     */
    live(collection: string, options?: {
        filter?: Record<string, unknown>;
        sort?: string;
    }): LiveQuery;
    /**
     * @param {string} name `namespace:name`
     * @param {{ presence?: boolean, cursor?: string }} [options]
     * @returns {Channel}
     */
    channel(name: string, options?: {
        presence?: boolean;
        cursor?: string;
    }): Channel;
    /**
     * Subscribes to a topic (`todos`, `todos/42`, `chat:lobby`) on the shared connection.
     * @param {string} topic
     * @param {SubscribeOptions} [options]
     * @returns {Subscription}
     */
    subscribe(topic: string, options?: SubscribeOptions): Subscription;
    /**
     * @internal
     * @param {Subscription} sub
     * @param {boolean} [tell] whether the server still has it
     */
    _remove(sub: Subscription, tell?: boolean): void;
    /** Closes the connection and every subscription for good. */
    close(): void;
    #private;
}
export type TransportName = "websocket" | "sse" | "poll";
export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed" | "failed";
export type StateChange = {
    state: ConnectionState;
    /**
     * the transport in use or being tried
     */
    transport: TransportName | null;
    /**
     * while `reconnecting`: when the next attempt starts
     */
    retryInMs: number | null;
    /**
     * the close code that caused this state, when there was one
     */
    code?: number | null | undefined;
    /**
     * why, in words
     */
    reason?: string | null | undefined;
};
/**
 * What `auth` gives: one credential, or `null` for the cookie session (or anonymous access).
 */
export type Credentials = {
    bearer: string;
} | {
    apiKey: string;
} | {
    basic: [string, string];
} | null;
export type AuthOption = Credentials | (() => Credentials | undefined | Promise<Credentials | undefined>);
export type Backoff = {
    /**
     * first delay's upper bound (default 500)
     */
    baseMs?: number | undefined;
    /**
     * largest delay (default 30000)
     */
    capMs?: number | undefined;
};
export type SwitchboardOptions = {
    /**
     * the server's base URL; defaults to the page's origin
     */
    url?: string | undefined;
    /**
     * in order of preference (default all three)
     */
    transports?: TransportName[] | undefined;
    /**
     * called before every (re)connect when it is a function
     */
    auth?: AuthOption | undefined;
    /**
     * a WebSocket constructor (Node: `import { WebSocket } from "ws"`)
     */
    WebSocket?: any;
    /**
     * defaults to the global fetch
     */
    fetch?: typeof fetch | undefined;
    /**
     * trade credentials for a one-time ticket before each WebSocket connect (default: in browsers)
     */
    tickets?: boolean | undefined;
    /**
     * how long a transport may take to deliver its welcome before the next is tried (default 5000)
     */
    connectTimeoutMs?: number | undefined;
    /**
     * reconnect delays (full jitter)
     */
    backoff?: Backoff | undefined;
    /**
     * delays between WebSocket probes while on a fallback (default 2000 / 60000)
     */
    probe?: Backoff | undefined;
    /**
     * how long a long-poll is held (default 25)
     */
    pollWaitSeconds?: number | undefined;
    /**
     * a connection silent this long twice over is presumed dead (default 25000)
     */
    heartbeatMs?: number | undefined;
};
/**
 * A realtime event (see protocol.md). `cursor` is absent on ephemeral ones (presence, unsubscribed).
 */
export type SwitchboardEvent = {
    cursor?: string | undefined;
    topic: string;
    /**
     * created, updated, deleted, enter, leave, message, reset, presence, unsubscribed
     */
    type: string;
    id?: string | undefined;
    version?: number | undefined;
    data?: any;
    time?: string | undefined;
    sub?: string | undefined;
    /**
     * presence: join or leave
     */
    action?: string | undefined;
    principal?: string | undefined;
    session?: string | undefined;
    reason?: string | undefined;
    detail?: string | undefined;
};
export type SubscribeOptions = {
    /**
     * start after this cursor (default: from now)
     */
    cursor?: string | null | undefined;
    /**
     * a live query's filter, list query syntax (`{ done: false, "priority:gte": 2 }`)
     */
    filter?: Record<string, unknown> | undefined;
    /**
     * also receive presence events
     */
    presence?: boolean | undefined;
    /**
     * each event, exactly once, in order
     */
    onEvent?: ((event: SwitchboardEvent) => void) | undefined;
    /**
     * the cursor was too old: refetch, events continue after the reset's cursor
     */
    onReset?: ((event: SwitchboardEvent) => void) | undefined;
};
export type ListQuery = {
    filter?: Record<string, unknown> | undefined;
    sort?: string | undefined;
    limit?: number | undefined;
    after?: string | undefined;
    count?: boolean | undefined;
};
export type ListPage = {
    items: any[];
    /**
     * the token of the next page
     */
    next: string | null;
    total?: number | undefined;
    /**
     * the `Switchboard-Cursor` this page reflects
     */
    cursor: string | null;
};
export type Precondition = {
    ifMatch?: string | number;
};
export type Change = {
    /**
     * the event's type (or `snapshot` for a (re)load)
     */
    type: string;
    id?: string | undefined;
    /**
     * the document after the change (`null` when it left)
     */
    doc?: any;
};
export type LiveChange = {
    items: any[];
    changes: Change[];
    snapshot: boolean;
};
export type Member = {
    principal: string;
    sessions: number;
};
export type Reply = {
    status: number;
    headers: Headers;
    /**
     * the parsed JSON, or `null`
     */
    body: any;
    cursor: string | null;
    etag: string | null;
};
export type TransportHandlers = {
    open: (welcome: any) => void;
    event: (sub: string, event: SwitchboardEvent) => void;
    started: (sub: string, cursor: string | null) => void;
    refused: (sub: string, error: SwitchboardError) => void;
    closed: (info: CloseInfo) => void;
};
export type CloseInfo = {
    /**
     * whether the welcome had arrived
     */
    opened: boolean;
    code?: number | null | undefined;
    reason?: string | null | undefined;
    /**
     * the HTTP status of a refused connect
     */
    status?: number | null | undefined;
    /**
     * seconds
     */
    retryAfter?: number | null | undefined;
    error?: SwitchboardError | undefined;
};
export type Transport = WsTransport | SseTransport | PollTransport;
/**
 * What the transports need from the client: the subscriptions, targets and settings. Package-private.
 */
export type Connection = {
    subs: Map<string, Subscription>;
    options: SwitchboardOptions;
    connectTimeoutMs: number;
    heartbeatMs: number;
    pollWaitSeconds: number;
    wsTarget: () => Promise<{
        url: string;
        options: any;
    }>;
    fetchRealtime: (path: string, signal: AbortSignal, accept: string) => Promise<Response>;
    heard: () => void;
};
/**
 * @typedef {object} TransportHandlers
 * @property {(welcome: any) => void} open
 * @property {(sub: string, event: SwitchboardEvent) => void} event
 * @property {(sub: string, cursor: string | null) => void} started
 * @property {(sub: string, error: SwitchboardError) => void} refused
 * @property {(info: CloseInfo) => void} closed
 */
/**
 * @typedef {object} CloseInfo
 * @property {boolean} opened whether the welcome had arrived
 * @property {number | null} [code]
 * @property {string | null} [reason]
 * @property {number | null} [status] the HTTP status of a refused connect
 * @property {number | null} [retryAfter] seconds
 * @property {SwitchboardError} [error]
 */
/** The WebSocket transport: subscriptions are commands on one socket. */
declare class WsTransport {
    /**
     * @param {Connection} owner
     * @param {TransportHandlers} handlers
     */
    constructor(owner: Connection, handlers: TransportHandlers);
    name: TransportName;
    owner: Connection;
    handlers: TransportHandlers;
    start(): Promise<void>;
    /** @param {Subscription} sub */
    subscribe(sub: Subscription): void;
    /** @param {Subscription} sub */
    unsubscribe(sub: Subscription): void;
    /** Subscriptions changed: on WebSocket each one was already sent as a command. */
    update(): void;
    get opened(): boolean;
    stop(): void;
    #private;
}
/** Server-Sent Events, parsed from a fetch body (works in browsers and in Node, and sends headers). */
declare class SseTransport {
    /**
     * @param {Connection} owner
     * @param {TransportHandlers} handlers
     */
    constructor(owner: Connection, handlers: TransportHandlers);
    name: TransportName;
    owner: Connection;
    handlers: TransportHandlers;
    get opened(): boolean;
    start(): void;
    subscribe(): void;
    unsubscribe(): void;
    /** Subscriptions changed: re-open the stream with each one's current cursor (once per burst of changes). */
    update(): void;
    stop(): void;
    #private;
}
/** Long-polling with the several-subscriptions form; the cursors are the whole state. */
declare class PollTransport {
    /**
     * @param {Connection} owner
     * @param {TransportHandlers} handlers
     */
    constructor(owner: Connection, handlers: TransportHandlers);
    name: TransportName;
    owner: Connection;
    handlers: TransportHandlers;
    get opened(): boolean;
    start(): void;
    subscribe(): void;
    unsubscribe(): void;
    /** Subscriptions changed: end the held poll and poll again with the new set. */
    update(): void;
    stop(): void;
    #private;
}
export {};
