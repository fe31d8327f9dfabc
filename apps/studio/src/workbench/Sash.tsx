/**
 * A vertical sash between two panes, as in VS Code: drag it, or focus it and use the arrow keys
 * (16 px a press). It reports widths; the owner decides which pane the width belongs to
 * (`grows`: 'right' when dragging right makes the measured pane narrower).
 */
import type { JSX } from 'solid-js';

const KEY_STEP = 16;

export interface SashProps {
  readonly label: string;
  readonly width: number;
  readonly min: number;
  readonly max: number;
  readonly onWidth: (width: number) => void;
  /** Which side of the sash is the pane being measured (default: 'left'). */
  readonly pane?: 'left' | 'right';
  readonly class?: string;
  readonly testId?: string;
}

export function Sash(props: SashProps): JSX.Element {
  const sign = () => (props.pane === 'right' ? -1 : 1);
  const clamp = (width: number) => Math.round(Math.max(props.min, Math.min(props.max, width)));
  const startResize = (down: PointerEvent) => {
    const startX = down.clientX;
    const startWidth = props.width;
    const target = down.currentTarget as HTMLElement;
    target.setPointerCapture(down.pointerId);
    const move = (e: PointerEvent) => props.onWidth(clamp(startWidth + sign() * (e.clientX - startX)));
    const up = () => (target.removeEventListener('pointermove', move), target.removeEventListener('pointerup', up));
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? KEY_STEP : e.key === 'ArrowLeft' ? -KEY_STEP : 0;
    if (step === 0) return;
    e.preventDefault();
    props.onWidth(clamp(props.width + sign() * step));
  };
  return (
    <div
      class={`sash ${props.class ?? ''}`}
      role="separator"
      aria-orientation="vertical"
      aria-label={props.label}
      aria-valuenow={props.width}
      aria-valuemin={props.min}
      aria-valuemax={props.max}
      tabindex="0"
      data-testid={props.testId}
      onPointerDown={startResize}
      onKeyDown={onKey}
    />
  );
}
