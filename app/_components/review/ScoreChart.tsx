/** A score distribution as an SVG bar chart, with the same numbers as a table for screen readers and keyboards. */
import { useTranslations } from "next-intl";
import { Table } from "@/app/_components/Table";
import type { Bin } from "@/lib/analytics/stats";

const W = 520;
const H = 200;
const PAD = { left: 36, right: 14, top: 12, bottom: 36 };

export function ScoreChart({ bins, id }: { bins: Bin[]; id: string }) {
  const t = useTranslations("review.analytics");
  const max = Math.max(1, ...bins.map((b) => b.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const barW = plotW / bins.length;
  const label = (b: Bin) => `${Math.round(b.from)}–${Math.round(b.to)}%`;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  // Edge labels every fifth of the axis or so, so they never overlap.
  const every = Math.max(1, Math.ceil(bins.length / 5));
  return (
    <figure className="chart" data-testid={`chart-${id}`}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={`${id}-caption`} xmlns="http://www.w3.org/2000/svg">
        {ticks.map((v) => {
          const y = PAD.top + plotH - (v / max) * plotH;
          return (
            <g key={v}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} stroke="#e2e8f0" />
              <text x={PAD.left - 6} y={y + 4} textAnchor="end" fontSize={11} fill="#4a5160">
                {v}
              </text>
            </g>
          );
        })}
        {bins.map((b, i) => {
          const h = (b.count / max) * plotH;
          const x = PAD.left + i * barW;
          return (
            <g key={i}>
              <rect x={x + 2} y={PAD.top + plotH - h} width={barW - 4} height={h} fill="#2563eb" data-count={b.count}>
                <title>{t("binTitle", { range: label(b), count: b.count })}</title>
              </rect>
              {i % every === 0 ? (
                <text x={x} y={H - PAD.bottom + 14} textAnchor="middle" fontSize={10} fill="#4a5160">
                  {Math.round(b.from)}
                </text>
              ) : null}
            </g>
          );
        })}
        <text x={W - PAD.right} y={H - PAD.bottom + 14} textAnchor="middle" fontSize={10} fill="#4a5160">
          100
        </text>
        <text x={PAD.left + plotW / 2} y={H - 4} textAnchor="middle" fontSize={11} fill="#16181d">
          {t("axisScore")}
        </text>
      </svg>
      <figcaption id={`${id}-caption`}>{t("distributionCaption")}</figcaption>
      <details>
        <summary>{t("asTable")}</summary>
        <Table
          wrap={false}
          testId={`distribution-${id}`}
          rows={bins}
          rowKey={(_b, i) => i}
          columns={[
            { header: t("range"), rowHeader: true, cell: (b) => label(b) },
            { header: t("students"), cell: (b) => b.count },
          ]}
        />
      </details>
    </figure>
  );
}
