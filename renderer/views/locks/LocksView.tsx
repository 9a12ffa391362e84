/** Every lock in `in_progress/`: who holds it, for what, how long, and whether it went stale. */
import { ReleaseLockAction } from "../../components/TaskActions.js";
import { duration } from "../../format.js";
import { useCrew } from "../../store/store-context.js";

export function LocksView() {
  const locks = useCrew((state) => state.status?.locks);
  if (!locks) return <p className="empty">Waiting for the crew's first snapshot…</p>;
  return (
    <section className="panel" aria-labelledby="locks-title">
      <h2 id="locks-title">
        Locks <span className="count numeric">{locks.length}</span>
      </h2>
      {locks.length === 0 ? (
        <p className="empty">No locks are held.</p>
      ) : (
        <table className="table stack-narrow">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Holder</th>
              <th scope="col">Purpose</th>
              <th scope="col">Held for</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {locks.map((lock) => (
              <tr key={lock.file} className={lock.stale ? "stale" : undefined}>
                <td className="mono" data-label="Resource">
                  {lock.resource}
                </td>
                <td data-label="Holder">{lock.holder}</td>
                <td data-label="Purpose">{lock.purpose || <span className="muted">—</span>}</td>
                <td className="numeric" data-label="Held for">
                  {duration(lock.ageSeconds * 1000)}
                </td>
                <td data-label="State">
                  {lock.stale ? <span className="warn-text">stale: {lock.staleReason}</span> : "held"}
                </td>
                <td className="row-actions">
                  <ReleaseLockAction file={lock.file} resource={lock.resource} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
