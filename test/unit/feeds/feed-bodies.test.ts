/** Rendered feeds kept by content: one render per ETag, within a bound. */
import { describe, expect, it } from 'vitest';
import { createFeedBodies } from '../../../src/feeds/feed-bodies.js';

describe('createFeedBodies', () => {
  it('should render a feed once per content, and again when the content (its ETag) changes', () => {
    const bodies = createFeedBodies();
    let renders = 0;
    const render = (text: string) => () => {
      renders += 1;
      return text;
    };
    expect(bodies.body('W/"a"', render('BEGIN:VCALENDAR a'))).toBe('BEGIN:VCALENDAR a');
    expect(bodies.body('W/"a"', render('never rendered'))).toBe('BEGIN:VCALENDAR a');
    expect(renders).toBe(1);
    expect(bodies.body('W/"b"', render('BEGIN:VCALENDAR b'))).toBe('BEGIN:VCALENDAR b');
    expect(renders).toBe(2);
  });

  it('should keep no more than its bound, dropping the least recently fetched first', () => {
    const bodies = createFeedBodies(100);
    let renders = 0;
    const render = () => {
      renders += 1;
      return 'x'.repeat(20);
    };
    for (const etag of ['1', '2', '3']) bodies.body(etag, render);
    bodies.body('1', render);
    expect(renders).toBe(4);
    // 40 bytes each: the bound holds two, so the first went when the third came, and was rendered again.
    bodies.body('3', render);
    expect(renders).toBe(4);
  });

  it('should serve a body larger than the whole bound without keeping it', () => {
    const bodies = createFeedBodies(10);
    let renders = 0;
    const render = () => {
      renders += 1;
      return 'too long to keep';
    };
    expect(bodies.body('big', render)).toBe('too long to keep');
    bodies.body('big', render);
    expect(renders).toBe(2);
  });
});
