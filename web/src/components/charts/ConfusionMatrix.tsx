/** The confusion matrix as a heat-table: rows are actual classes, columns predicted ones. */
export function ConfusionMatrix({ classes, counts }: { classes: string[]; counts: number[][] }) {
  const max = Math.max(1, ...counts.flat().filter((v) => Number.isFinite(v)));
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="chart-title">Confusion matrix</figcaption>
      <div className="table-wrap">
        <table className="table table-compact confusion" data-testid="confusion-matrix">
          <caption className="visually-hidden">Rows: actual class; columns: predicted class</caption>
          <thead>
            <tr>
              <th scope="col">actual \ predicted</th>
              {classes.map((c) => <th key={c} scope="col" className="num">{c}</th>)}
            </tr>
          </thead>
          <tbody>
            {classes.map((actual, i) => (
              <tr key={actual}>
                <th scope="row">{actual}</th>
                {classes.map((predicted, j) => {
                  const v = counts[i]?.[j] ?? 0;
                  const alpha = Math.max(0.04, v / max);
                  return (
                    <td
                      key={predicted}
                      className="cm-cell"
                      style={{ background: `rgba(47, 100, 201, ${alpha.toFixed(3)})`, color: alpha > 0.55 ? '#fff' : undefined }}
                      title={`actual ${actual}, predicted ${predicted}: ${v}`}
                    >
                      {v}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
