import { describe, expect, it } from 'vitest';
import { escapeMarkerValue, formatPlanCommentMarker, hasMarker, withMarker } from '../../src/github/markers.js';

describe('comment markers', () => {
  it.each([
    ['licenses/', 'licenses/'],
    ['./licenses/prod-eu.yaml', 'licenses/prod-eu.yaml'],
    ['././licenses/prod.yaml', 'licenses/prod.yaml'],
    ['.\\licenses\\prod.yaml', 'licenses/prod.yaml'],
    // Only a leading `./` is the same path: these name other files.
    ['v1./prod.yaml', 'v1./prod.yaml'],
    ['../prod.yaml', '../prod.yaml'],
    ['licenses\\prod.yaml', 'licenses/prod.yaml'],
    ['a b.yaml', 'a%20b.yaml'],
    ['x-->y', 'x%2D%2D%3Ey'],
    ['<script>', '%3Cscript%3E'],
    ['-lead-', '%2Dlead%2D'],
    ['100%.yaml', '100%25.yaml'],
    ['tab\there', 'tab%09here'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeMarkerValue(input)).toBe(expected);
  });

  it('never lets a path end the HTML comment early', () => {
    const marker = formatPlanCommentMarker('evil --> <!-- x');
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(marker.startsWith('<!-- skuform:plan path=')).toBe(true);
  });

  it('matches only its own marker on the first line', () => {
    const marker = formatPlanCommentMarker('a.yaml');
    expect(hasMarker(withMarker(marker, 'plan'), marker)).toBe(true);
    expect(hasMarker(`${marker}\r\nplan edited on the web`, marker)).toBe(true);
    expect(hasMarker(withMarker(formatPlanCommentMarker('a.yaml.bak'), 'plan'), marker)).toBe(false);
    expect(hasMarker(`quoted:\n${marker}\nplan`, marker)).toBe(false);
    expect(hasMarker(`${marker}trailing`, marker)).toBe(false);
    expect(hasMarker(null, marker)).toBe(false);
    expect(hasMarker(marker, marker)).toBe(true);
  });
});
