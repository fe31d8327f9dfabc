/**
 * The live flow graph of the open flow file, drawn as SVG. Everything that can
 * be decided without a DOM lives in the modules it imports (model, layout,
 * `LiveFlowGraph`, viewport arithmetic), which are tested in Node; this file
 * wires events to them and draws.
 *
 * Lifecycle: owns a `LiveFlowGraph` (and through it a layout cache), a
 * ResizeObserver and a wheel listener, all released in `onCleanup`.
 */
import { For, Show, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, onMount, type JSX } from 'solid-js';
import type { Diagnostic, Range } from '@colloquy/core';
import type { FlowGraphModel, GraphCoverage, GraphEdge, GraphNode } from './flowGraphModel.ts';
import { LiveFlowGraph, type LiveGraphState } from './LiveFlowGraph.ts';
import { LEGEND, ROLE_NAMES, clip, describeNode, nodeTooltip } from './nodeText.ts';
import type { LayoutCache, Point, PositionedEdge, PositionedNode } from './layoutGraph.ts';
import { IDENTITY, ensureVisible, fitToView, panBy, readingOrder, wheelFactor, zoomAt, type Size, type Viewport } from './viewport.ts';
import './flowGraph.css';

export { nodeAtLine } from './flowGraphModel.ts';

export interface FlowGraphViewProps {
  /** The flow file's current text (the editor's buffer, saved or not). */
  readonly text: string;
  /** Its workspace path; also which diagnostics apply. */
  readonly path: string;
  /** Diagnostics (any files; those for `path` are used) to outline nodes with problems. */
  readonly diagnostics?: readonly Diagnostic[];
  /** What the last test run reached; turns on the coverage colouring. */
  readonly coverage?: GraphCoverage;
  /** The node under the editor's cursor (see `nodeAtLine`). */
  readonly highlightedNode?: string;
  /** A node was clicked or activated with Enter/Space: show `range` in the YAML. */
  readonly onReveal: (nodeId: string, range: Range) => void;
  /** Told each time the graph on show changes, e.g. to run `nodeAtLine` on the cursor line without parsing again. */
  readonly onModelChange?: (model: FlowGraphModel | undefined) => void;
  /** Share a layout cache between views (default: one per view). */
  readonly layoutCache?: LayoutCache;
}

/** Average advance (px) of a character of the id (bold 12px) and of the role word (10px capitals, spaced). */
const ID_CHAR_WIDTH = 7.4;
const ROLE_CHAR_WIDTH = 7;
/** Characters of the label (11px) that fit on one line of a box. */
const LABEL_CHARS = 34;
/** Pointer movement (px) before a press becomes a pan rather than a click. */
const DRAG_THRESHOLD = 4;
const BUTTON_ZOOM = 1.25;

export function FlowGraphView(props: FlowGraphViewProps): JSX.Element {
  const uid = createUniqueId();
  const [state, setState] = createSignal<LiveGraphState>({ pending: false });
  const [viewport, setViewport] = createSignal<Viewport>(IDENTITY);
  const [size, setSize] = createSignal<Size>({ width: 0, height: 0 });
  const [focusId, setFocusId] = createSignal<string | undefined>();
  const live = new LiveFlowGraph({ onChange: setState, ...(props.layoutCache ? { layoutCache: props.layoutCache } : {}) });
  onCleanup(() => live.dispose());

  // The first version is drawn at once; later edits are debounced.
  let first = true;
  createEffect(
    on(
      () => ({ text: props.text, path: props.path, diagnostics: props.diagnostics ?? [], ...(props.coverage ? { coverage: props.coverage } : {}) }),
      (input) => {
        if (first) {
          first = false;
          void live.update(input);
        } else live.schedule(input);
      },
    ),
  );

  const model = () => state().model;
  const layout = () => state().layout;
  createEffect(on(model, (m) => props.onModelChange?.(m), { defer: true }));
  const nodeById = createMemo(() => new Map((model()?.nodes ?? []).map((n) => [n.id, n] as const)));
  const edgeById = createMemo(() => new Map((model()?.edges ?? []).map((e) => [e.id, e] as const)));
  const order = createMemo(() => {
    const l = layout();
    return l ? readingOrder(l) : [];
  });
  const edgeIds = createMemo(() => [...(layout()?.edges.keys() ?? [])]);
  const tabStop = () => {
    const f = focusId();
    return f !== undefined && nodeById().has(f) ? f : order()[0];
  };

  let svg: SVGSVGElement | undefined;
  const nodeElements = new Map<string, SVGGElement>();

  // Fit when a file's first graph arrives, not on every edit: the designer's pan and zoom survive typing.
  let fittedPath: string | undefined;
  createEffect(() => {
    const l = layout();
    const s = size();
    if (!l || s.width === 0 || fittedPath === model()?.path) return;
    fittedPath = model()?.path;
    setViewport(fitToView(l, s));
  });
  const fit = () => {
    const l = layout();
    if (l) setViewport(fitToView(l, size()));
  };
  const zoomButton = (factor: number) => {
    const s = size();
    setViewport((v) => zoomAt(v, factor, { x: s.width / 2, y: s.height / 2 }));
  };

  const showNode = (id: string | undefined) => {
    const box = id !== undefined ? layout()?.nodes.get(id) : undefined;
    if (box) setViewport((v) => ensureVisible(v, box, size()));
  };
  createEffect(on(() => props.highlightedNode, (id) => showNode(id), { defer: true }));

  onMount(() => {
    const element = svg!;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    // Not passive: the wheel zooms the graph instead of scrolling the page.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      setViewport((v) => zoomAt(v, wheelFactor(event.deltaY, event.deltaMode), { x: event.clientX - rect.left, y: event.clientY - rect.top }));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    onCleanup(() => {
      observer.disconnect();
      element.removeEventListener('wheel', onWheel);
    });
  });

  // Drag anywhere to pan. Capture starts only once the pointer has moved, so a plain click still reaches the node.
  let drag: { pointer: number; from: Point; start: Viewport; moved: boolean } | undefined;
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    drag = { pointer: event.pointerId, from: { x: event.clientX, y: event.clientY }, start: viewport(), moved: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const dx = event.clientX - drag.from.x;
    const dy = event.clientY - drag.from.y;
    if (!drag.moved) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.moved = true;
      svg?.setPointerCapture(event.pointerId);
    }
    setViewport(panBy(drag.start, dx, dy));
  };
  const endDrag = (event: PointerEvent) => {
    if (drag?.pointer !== event.pointerId) return;
    if (drag.moved && svg?.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
    drag = undefined;
  };

  const reveal = (id: string) => {
    const node = nodeById().get(id);
    if (node) props.onReveal(node.id, node.range);
  };
  const moveFocus = (id: string) => {
    setFocusId(id);
    nodeElements.get(id)?.focus();
  };
  const onNodeKeyDown = (id: string, event: KeyboardEvent) => {
    const ids = order();
    const at = ids.indexOf(id);
    const target =
      event.key === 'ArrowDown' || event.key === 'ArrowRight' ? ids[at + 1]
      : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? ids[at - 1]
      : event.key === 'Home' ? ids[0]
      : event.key === 'End' ? ids[ids.length - 1]
      : undefined;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      reveal(id);
    } else if (target !== undefined) {
      event.preventDefault();
      moveFocus(target);
    }
  };
  const onRootKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '+' || event.key === '=') zoomButton(BUTTON_ZOOM);
    else if (event.key === '-') zoomButton(1 / BUTTON_ZOOM);
    else if (event.key === '0') fit();
    else return;
    event.preventDefault();
  };

  const notice = () => {
    const s = state();
    if (s.error) return s.error;
    if (s.stale !== undefined) return s.model ? `Showing the last valid version: ${s.stale}` : `No graph to show: ${s.stale}`;
    if (s.model && s.model.nodes.length === 0) return 'This flow has no nodes yet.';
    return undefined;
  };
  const coverageText = () => {
    const c = model()?.coverage;
    if (!c) return undefined;
    return `Tests reached ${c.nodes.covered} of ${c.nodes.total} nodes and ${c.transitions.covered} of ${c.transitions.total} transitions`;
  };
  const graphLabel = () => {
    const m = model();
    if (!m) return 'Flow graph';
    const name = m.flowId ?? m.path;
    return `Flow graph of ${name}: ${m.nodes.length} node${m.nodes.length === 1 ? '' : 's'}${state().stale !== undefined ? ' (last valid version)' : ''}`;
  };
  const marker = (name: string) => `url(#${uid}-${name})`;

  return (
    <div class="cq-flow-graph" classList={{ 'cq-flow-graph--stale': state().stale !== undefined, 'cq-flow-graph--coverage': !!model()?.coverage }} onKeyDown={onRootKeyDown}>
      <div class="cq-flow-graph__toolbar">
        <button type="button" onClick={fit} title="Fit to view (0)" data-testid="graph-fit">Fit</button>
        <button type="button" onClick={() => zoomButton(BUTTON_ZOOM)} title="Zoom in (+)" aria-label="Zoom in">+</button>
        <button type="button" onClick={() => zoomButton(1 / BUTTON_ZOOM)} title="Zoom out (-)" aria-label="Zoom out">−</button>
        <Show when={state().pending}>
          <span class="cq-flow-graph__pending">Laying out…</span>
        </Show>
        <Show when={coverageText()}>{(text) => <span class="cq-flow-graph__coverage" data-testid="graph-coverage">{text()}</span>}</Show>
      </div>
      <div class="cq-flow-graph__notice" role="status" aria-live="polite" data-testid="graph-notice">
        {notice()}
      </div>
      <svg
        ref={svg}
        class="cq-flow-graph__canvas"
        role="group"
        aria-label={graphLabel()}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
      >
        <defs>
          <For each={['arrow', 'arrow-muted', 'arrow-uncovered', 'arrow-missing']}>
            {(name) => (
              <marker id={`${uid}-${name}`} class={`cq-marker cq-marker--${name}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" />
              </marker>
            )}
          </For>
          <pattern id={`${uid}-stripes`} class="cq-stripes" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="3" height="8" />
          </pattern>
        </defs>
        <g transform={`translate(${viewport().x} ${viewport().y}) scale(${viewport().scale})`}>
          <For each={edgeIds()}>
            {(id) => {
              const edge = () => edgeById().get(id);
              const geometry = () => layout()?.edges.get(id);
              return (
                <Show when={edge() && geometry()}>
                  <EdgeShape edge={edge()!} geometry={geometry()!} fromUnreachable={!!nodeById().get(edge()!.from)?.unreachable} marker={marker} />
                </Show>
              );
            }}
          </For>
          <Show when={layout()?.start}>
            {(start) => (
              <g class="cq-start" aria-hidden="true">
                <title>start</title>
                <circle cx={start().box.x + start().box.width / 2} cy={start().box.y + start().box.height / 2} r={start().box.width / 2} />
                <polyline class="cq-edge__line" points={polyline(start().points)} marker-end={marker('arrow')} />
              </g>
            )}
          </Show>
          <For each={order()}>
            {(id) => {
              const node = () => nodeById().get(id);
              const box = () => layout()?.nodes.get(id);
              return (
                <Show when={node() && box()}>
                  <NodeShape
                    node={node()!}
                    box={box()!}
                    uid={uid}
                    tabbable={tabStop() === id}
                    highlighted={props.highlightedNode === id}
                    ref={(el) => {
                      nodeElements.set(id, el);
                      onCleanup(() => nodeElements.get(id) === el && nodeElements.delete(id));
                    }}
                    onActivate={() => reveal(id)}
                    onKeyDown={(event) => onNodeKeyDown(id, event)}
                    onFocus={() => {
                      setFocusId(id);
                      showNode(id);
                    }}
                  />
                </Show>
              );
            }}
          </For>
        </g>
      </svg>
      <ul class="cq-flow-graph__legend" aria-label="Legend">
        <For each={LEGEND}>
          {(item) => (
            <li>
              <span class={`cq-legend-swatch cq-role-${item.role}`} aria-hidden="true" />
              <b>{ROLE_NAMES[item.role]}</b> {item.text}
            </li>
          )}
        </For>
        <li>
          <span class="cq-legend-swatch cq-legend-swatch--unreachable" aria-hidden="true" /> dashed: never reached from start
        </li>
        <li>
          <span class="cq-legend-swatch cq-legend-swatch--problem" aria-hidden="true" /> red or amber outline: has problems
        </li>
        <Show when={model()?.coverage}>
          <li>
            <span class="cq-legend-swatch cq-legend-swatch--uncovered" aria-hidden="true" /> striped: no test reaches it
          </li>
        </Show>
      </ul>
    </div>
  );
}

interface NodeShapeProps {
  readonly node: GraphNode;
  readonly box: PositionedNode;
  readonly uid: string;
  readonly tabbable: boolean;
  readonly highlighted: boolean;
  readonly ref: (element: SVGGElement) => void;
  readonly onActivate: () => void;
  readonly onKeyDown: (event: KeyboardEvent) => void;
  readonly onFocus: () => void;
}

function NodeShape(props: NodeShapeProps): JSX.Element {
  const n = () => props.node;
  return (
    <g
      ref={props.ref}
      class={`cq-node cq-role-${n().role}`}
      classList={{
        'cq-node--unreachable': n().unreachable,
        'cq-node--error': n().problemSeverity === 'error',
        'cq-node--warning': n().problemSeverity === 'warning',
        'cq-node--info': n().problemSeverity === 'info',
        'cq-node--covered': n().covered === true,
        'cq-node--uncovered': n().covered === false,
        'cq-node--highlighted': props.highlighted,
        'cq-node--start': n().isStart,
      }}
      transform={`translate(${props.box.x} ${props.box.y})`}
      data-testid={`graph-node-${n().id}`}
      data-role={n().role}
      role="button"
      tabindex={props.tabbable ? 0 : -1}
      aria-label={describeNode(n())}
      aria-current={props.highlighted ? 'location' : undefined}
      onClick={() => props.onActivate()}
      onKeyDown={(event) => props.onKeyDown(event)}
      onFocus={() => props.onFocus()}
    >
      <title>{nodeTooltip(n())}</title>
      <rect class="cq-node__halo" x={-5} y={-5} width={props.box.width + 10} height={props.box.height + 10} rx={12} />
      <rect class="cq-node__box" width={props.box.width} height={props.box.height} rx={n().role === 'end' ? props.box.height / 2 : 8} />
      <Show when={n().role === 'end'}>
        <rect class="cq-node__inner" x={3} y={3} width={props.box.width - 6} height={props.box.height - 6} rx={(props.box.height - 6) / 2} />
      </Show>
      <Show when={n().covered === false}>
        <rect class="cq-node__stripes" width={props.box.width} height={props.box.height} rx={8} fill={`url(#${props.uid}-stripes)`} />
      </Show>
      <rect class="cq-node__bar" x={0} y={8} width={5} height={props.box.height - 16} rx={2} />
      <text class="cq-node__id" x={14} y={21}>
        {clip(n().id, Math.floor((props.box.width - 34 - ROLE_NAMES[n().role].length * ROLE_CHAR_WIDTH) / ID_CHAR_WIDTH))}
      </text>
      <text class="cq-node__role" x={props.box.width - 12} y={21} text-anchor="end">
        {ROLE_NAMES[n().role]}
      </text>
      <text class="cq-node__label" x={14} y={41}>
        {clip(n().label, LABEL_CHARS)}
      </text>
      <Show when={n().role === 'handoff'}>
        {/* A person: the conversation goes to an agent. */}
        <g class="cq-node__icon" transform={`translate(${props.box.width - 22} ${props.box.height - 22})`} aria-hidden="true">
          <circle cx={7} cy={4} r={3.5} />
          <path d="M 0 15 C 0 9 14 9 14 15 z" />
        </g>
      </Show>
      <Show when={n().role === 'end'}>
        <g class="cq-node__icon" transform={`translate(${props.box.width - 24} ${props.box.height - 22})`} aria-hidden="true">
          <rect x={2} y={1} width={12} height={12} rx={2} />
        </g>
      </Show>
      <Show when={n().problemSeverity}>
        {(severity) => (
          <g class={`cq-node__badge cq-node__badge--${severity()}`} transform={`translate(${props.box.width - 2} -2)`} aria-hidden="true">
            <circle r={8} />
            <text text-anchor="middle" y={4}>
              {severity() === 'info' ? 'i' : '!'}
            </text>
          </g>
        )}
      </Show>
    </g>
  );
}

interface EdgeShapeProps {
  readonly edge: GraphEdge;
  readonly geometry: PositionedEdge;
  readonly fromUnreachable: boolean;
  readonly marker: (name: string) => string;
}

function EdgeShape(props: EdgeShapeProps): JSX.Element {
  const e = () => props.edge;
  const markerName = () =>
    e().dangling ? 'arrow-missing' : e().covered === false ? 'arrow-uncovered' : e().ignored || props.fromUnreachable ? 'arrow-muted' : 'arrow';
  return (
    <g
      class={`cq-edge cq-edge--${e().kind}`}
      classList={{
        'cq-edge--ignored': e().ignored,
        'cq-edge--dangling': e().dangling,
        'cq-edge--muted': props.fromUnreachable,
        'cq-edge--covered': e().covered === true,
        'cq-edge--uncovered': e().covered === false,
      }}
      data-testid={`graph-edge-${e().from}->${e().to}`}
      data-edge-id={e().id}
      aria-hidden="true"
    >
      <polyline class="cq-edge__line" points={polyline(props.geometry.points)} marker-end={props.marker(markerName())} />
      <Show when={e().label !== undefined && props.geometry.label}>
        {(label) => (
          <g class="cq-edge__label" transform={`translate(${label().x} ${label().y})`}>
            <rect width={label().width} height={label().height} rx={3} />
            <text x={label().width / 2} y={label().height - 4} text-anchor="middle">
              {e().label}
            </text>
          </g>
        )}
      </Show>
    </g>
  );
}

function polyline(points: readonly Point[]): string {
  return points.map((p) => `${p.x},${p.y}`).join(' ');
}
