import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Arrow keys move a picked-up level one slot at a time: to the next droppable level above or
 * below, wherever it is on the page (dnd-kit's default moves 25 px, which means nothing here).
 */
export const levelKeyboardCoordinates: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  if (event.code !== 'ArrowDown' && event.code !== 'ArrowUp') return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers, over, active } = context;
  if (!collisionRect || !active) return undefined;
  const slots = droppableContainers
    .getEnabled()
    .map((container) => ({ id: container.id, rect: droppableRects.get(container.id) }))
    .filter((slot): slot is { id: typeof slot.id; rect: NonNullable<typeof slot.rect> } => slot.rect !== undefined)
    .sort((a, b) => a.rect.top - b.rect.top);
  const here = slots.findIndex((slot) => slot.id === (over?.id ?? `slot:${String(active.data.current?.['index'])}`));
  const next = slots[Math.min(slots.length - 1, Math.max(0, (here < 0 ? 0 : here) + (event.code === 'ArrowDown' ? 1 : -1)))];
  if (!next) return undefined;
  return { x: currentCoordinates.x, y: currentCoordinates.y + (next.rect.top - collisionRect.top) };
};

/** Module constants, so the sensors (and every draggable's listeners) keep their identity across renders. */
export const POINTER_OPTIONS = { activationConstraint: { distance: 4 } };
export const KEYBOARD_OPTIONS = { coordinateGetter: levelKeyboardCoordinates };
