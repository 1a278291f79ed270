/**
 * Server-rendered SVG charts. Each has a <title> and a <desc> that says in words what it
 * shows (screen readers read it; the numbers are also in the tables beside the charts). Colours
 * are SVG presentation attributes, not inline styles, so the strict CSP allows them.
 */

const palette = ['#0b6bcb', '#d9480f', '#2b8a3e', '#7048e8', '#c2255c', '#1098ad', '#e67700', '#5c940d', '#862e9c', '#495057', '#a61e4d', '#364fc7'];

export const reactionColour = (index: number) => palette[index % palette.length]!;

type BarItem = { label: string; value: number; colour: string; note?: string };

/** Horizontal bars, one per item, with the value at the end of each bar. */
export function BarChart({ id, title, description, items }: { id: string; title: string; description: string; items: BarItem[] }) {
  const rowHeight = 30;
  const labelWidth = 170;
  const width = 600;
  const max = Math.max(1, ...items.map((item) => item.value));
  const height = items.length * rowHeight + 10;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} width={width} height={height}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {items.map((item, index) => {
        const y = index * rowHeight + 5;
        const barWidth = Math.round(((width - labelWidth - 70) * item.value) / max);
        return (
          <g>
            <text x={labelWidth - 8} y={y + 19} text-anchor="end" font-size="14" fill="#1d232a">
              {item.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={Math.max(barWidth, item.value > 0 ? 2 : 0)} height={rowHeight - 10} rx="3" fill={item.colour} />
            <text x={labelWidth + barWidth + 6} y={y + 19} font-size="13" fill="#1d232a">
              {item.note ?? String(item.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

type Series = { name: string; colour: string; values: number[] };

/** Lines over time sharing one x axis; `labels` name the x positions (every few are printed). */
export function LineChart({ id, title, description, labels, series }: { id: string; title: string; description: string; labels: string[]; series: Series[] }) {
  const width = 640;
  const height = 240;
  const left = 40;
  const bottom = 28;
  const top = 10;
  const plotWidth = width - left - 10;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((line) => line.values));
  const step = labels.length > 1 ? plotWidth / (labels.length - 1) : 0;
  const x = (index: number) => left + index * step;
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const ticks = [0, Math.round(max / 2), max];
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} width={width} height={height}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {ticks.map((tick) => (
        <g>
          <line x1={left} x2={width - 10} y1={y(tick)} y2={y(tick)} stroke="#dde2e7" />
          <text x={left - 6} y={y(tick) + 4} text-anchor="end" font-size="11" fill="#5b6670">
            {String(tick)}
          </text>
        </g>
      ))}
      {labels.map((label, index) =>
        index % every === 0 ? (
          <text x={x(index)} y={height - 8} text-anchor="middle" font-size="11" fill="#5b6670">
            {label}
          </text>
        ) : null,
      )}
      {series.map((line) =>
        line.values.length === 1 ? (
          <circle cx={x(0)} cy={y(line.values[0]!)} r="3" fill={line.colour} />
        ) : (
          <polyline fill="none" stroke={line.colour} stroke-width="2" points={line.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ')} />
        ),
      )}
    </svg>
  );
}

/** A small stacked bar of one article's reactions, for table rows. */
export function StackedBar({ label, parts }: { label: string; parts: { value: number; colour: string; name: string }[] }) {
  const width = 160;
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  let offset = 0;
  return (
    <svg viewBox={`0 0 ${width} 14`} width={width} height="14" role="img" aria-label={label}>
      <title>{label}</title>
      {total === 0 ? <rect x="0" y="0" width={width} height="14" fill="#eef1f4" /> : null}
      {parts.map((part) => {
        const partWidth = total === 0 ? 0 : (part.value / total) * width;
        const rect = <rect x={offset.toFixed(1)} y="0" width={partWidth.toFixed(1)} height="14" fill={part.colour} />;
        offset += partWidth;
        return rect;
      })}
    </svg>
  );
}

/** A colour key for the charts. */
export function Legend({ items }: { items: { name: string; colour: string }[] }) {
  return (
    <div class="legend" aria-hidden="true">
      {items.map((item) => (
        <span>
          <svg width="12" height="12" viewBox="0 0 12 12">
            <rect width="12" height="12" rx="2" fill={item.colour} />
          </svg>{' '}
          {item.name}
        </span>
      ))}
    </div>
  );
}
