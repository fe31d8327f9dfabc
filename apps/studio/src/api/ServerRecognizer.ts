/**
 * The recognizer the server's simulations run (`GET /api/recognizer`,
 * docs/reference/server-api.md): the one the saved agent.yaml names, its model
 * id and the sha256 of its weights, the same three a simulation report
 * records. The status bar shows it (state/modelIdentity.ts), so a designer
 * knows which model a run will use before starting one.
 *
 * Asked once at start, again on every (re)connection of the events socket,
 * and whenever the root agent file changes on disk (a save from this studio
 * or any other). Answers can arrive out of order (describing a transformers
 * model takes the server a moment): only the answer to the latest question
 * counts. An unreachable server or an answer this studio does not understand
 * keeps what was known.
 */
import type { ServerEventHub } from './SimulationsApi.ts';
import type { ServerEvent } from './StudioApi.ts';

export type RecognizerName = 'lexical' | 'use' | 'transformers';

/** `GET /api/recognizer`. */
export interface RecognizerDescription {
  readonly recognizer: RecognizerName;
  /** The model id; null for lexical. */
  readonly model: string | null;
  /** sha256 (hex) of the model's weights; null for lexical, or when the server could not load the model (`error` says why). */
  readonly weightsHash: string | null;
  readonly error?: string;
}

/** Fetches the description; undefined when the server cannot be reached or answers something else. */
export type FetchRecognizer = () => Promise<RecognizerDescription | undefined>;

/** The root agent files the server reads (agent.yaml, else agent.yml). */
const AGENT_FILES: ReadonlySet<string> = new Set(['agent.yaml', 'agent.yml']);

export class ServerRecognizer {
  private current: RecognizerDescription | undefined;
  private readonly listeners = new Set<(description: RecognizerDescription | undefined) => void>();
  /** Numbers the questions; an answer to an older one than the latest is dropped. */
  private asked = 0;
  private readonly stopEvents: () => void;

  constructor(events: ServerEventHub, private readonly fetchDescription: FetchRecognizer = httpRecognizer()) {
    this.stopEvents = events.on((event) => {
      if (asksAgain(event)) void this.refresh();
    });
    void this.refresh();
  }

  /** The latest description; undefined until the server has answered. */
  get description(): RecognizerDescription | undefined {
    return this.current;
  }

  subscribe(listener: (description: RecognizerDescription | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async refresh(): Promise<void> {
    const question = ++this.asked;
    const answer = await this.fetchDescription().catch(() => undefined);
    if (question !== this.asked || answer === undefined) return;
    this.current = answer;
    for (const listener of [...this.listeners]) listener(answer);
  }

  dispose(): void {
    this.stopEvents();
    this.listeners.clear();
    this.asked++;
  }
}

function asksAgain(event: ServerEvent): boolean {
  if (event.type === 'hello') return true;
  return (event.type === 'created' || event.type === 'changed' || event.type === 'deleted') && AGENT_FILES.has(event.path);
}

const RECOGNIZERS: readonly RecognizerName[] = ['lexical', 'use', 'transformers'];

/** `GET /api/recognizer` over `fetcher` (the session's, so a 401 signs the studio out), relative to `base`. */
export function httpRecognizer(base = '', fetcher: (input: string, init?: RequestInit) => Promise<Response> = (input, init) => fetch(input, init)): FetchRecognizer {
  return async () => {
    try {
      const response = await fetcher(`${base}/api/recognizer`, { headers: { accept: 'application/json' } });
      return response.ok ? parseRecognizerDescription(await response.json()) : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The answer, checked field by field; undefined when it is not a description. */
export function parseRecognizerDescription(body: unknown): RecognizerDescription | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { recognizer, model, weightsHash, error } = body as Record<string, unknown>;
  if (!RECOGNIZERS.includes(recognizer as RecognizerName)) return undefined;
  if (!(model === null || typeof model === 'string') || !(weightsHash === null || (typeof weightsHash === 'string' && /^[0-9a-f]{64}$/.test(weightsHash)))) return undefined;
  return { recognizer: recognizer as RecognizerName, model, weightsHash, ...(typeof error === 'string' ? { error } : {}) };
}
