import { Layout, type View } from '../layout';

type ReportRow = Record<string, string | number>;

/** The monthly complaint report: the twelve months up to the chosen one, and its downloads. */
export function ComplaintReportPage({ view, month, rows }: { view: View; month: string; rows: ReportRow[] }) {
  const { t } = view;
  const base = `/newsroom/sites/${encodeURIComponent(view.site!.id)}`;
  const columns: [string, Parameters<typeof t>[0]][] = [
    ['month', 'month'],
    ['received', 'received'],
    ['handled', 'handled'],
    ['handled_on_time', 'handledOnTime'],
    ['late', 'late'],
    ['open', 'stillOpen'],
    ['on_time_percent', 'onTimeShare'],
    ['median_hours_to_handle', 'medianHours'],
  ];
  return (
    <Layout view={view} title={t('complaintReport')} current="moderation">
      <h1>{t('complaintReport')}</h1>
      <p class="muted">{t('complaintReportHelp')}</p>
      <form method="get" action={`${base}/complaints`} class="periods">
        <label for="month" class="small">
          {t('month')}
        </label>
        <input id="month" name="month" type="month" value={month} />
        <button type="submit">{t('show')}</button>
        <a href={`/v1/newsroom/sites/${encodeURIComponent(view.site!.id)}/export/complaints?month=${month}&format=csv`}>{t('downloadCsv')}</a>
      </form>
      <section class="panel">
        <table data-testid="complaint-report">
          <thead>
            <tr>
              {columns.map(([, label]) => (
                <th>{t(label)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...rows].reverse().map((row) => (
              <tr data-month={String(row.month)}>
                {columns.map(([key]) => (
                  <td>{String(row[key] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
