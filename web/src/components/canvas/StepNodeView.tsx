import { memo, useContext } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { inputHandleId, outputHandleId, type PortView, type StepNode } from '../../model/graph';
import { statusWord } from '../../model/runStore';
import { RunStoreContext, useStepRun } from '../../hooks/useRun';

function PortLabel({ port }: { port: PortView }) {
  return (
    <>
      <span className="port-name">{port.name}</span>
      <span className="port-type">{port.type}</span>
      {port.optional ? <span className="port-optional">opt</span> : null}
    </>
  );
}

/** A step on the canvas: name, component, status, and its ports as handles coloured by type. */
function StepNodeViewImpl({ id, data, selected, isConnectable }: NodeProps<StepNode>) {
  const store = useContext(RunStoreContext);
  const run = useStepRun(id);
  const status = store ? statusWord(run) : null;
  const attempts = run?.attempts ?? 0;
  const progress = run?.status === 'running' && typeof run.progress === 'number' ? run.progress : null;
  const classes = ['step-node'];
  if (selected) classes.push('selected');
  if (status) classes.push(`status-${status}`);
  if (data.hasError) classes.push('has-error');
  if (data.diff) classes.push(`diff-${data.diff}`);
  const title = data.manifest?.description ?? (data.manifest ? '' : `Unknown component ${data.definition.component}`);
  return (
    <div className={classes.join(' ')} data-testid={`node-${id}`} data-status={status ?? undefined} title={title}>
      <div className="step-node-header">
        <div className="step-node-titles">
          <div className="step-node-title">{id}</div>
          <div className="step-node-subtitle">{data.definition.component}</div>
        </div>
        <div className="step-node-badges">
          {status ? (
            <span className={`badge badge-${status}`} data-testid={`status-${id}`}>
              {status}
            </span>
          ) : null}
          {attempts > 1 ? (
            <span className="badge badge-retry" data-testid={`retry-${id}`}>
              retry {attempts - 1}
            </span>
          ) : null}
          {data.hasError ? (
            <span className="badge badge-error" data-testid={`problem-${id}`} title="This step has problems">
              !
            </span>
          ) : null}
          {!data.manifest ? <span className="badge badge-outline">unknown</span> : null}
        </div>
      </div>
      {progress !== null ? (
        <div className="step-node-progress">
          <div
            className="progress"
            role="progressbar"
            aria-label={`${id} progress`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress * 100)}
            data-testid={`progress-${id}`}
            title={run?.progress_message ?? undefined}
          >
            <div className="progress-bar" style={{ width: `${Math.max(2, Math.min(100, progress * 100))}%` }} />
          </div>
        </div>
      ) : null}
      {run?.status === 'failed' && run.error ? (
        <div className="step-node-error" title={run.error} data-testid={`error-${id}`}>
          {run.error}
        </div>
      ) : null}
      <div className="step-node-ports">
        <div className="port-col inputs">
          {data.inputs.map((port) => (
            <div className="port-row" key={port.name} title={port.description}>
              <Handle
                type="target"
                position={Position.Left}
                id={inputHandleId(port.name)}
                className={`port-handle type-${port.type}`}
                isConnectable={isConnectable}
                data-testid={`handle-${id}-in-${port.name}`}
                aria-label={`${id} input ${port.name} (${port.type})`}
              />
              <PortLabel port={port} />
            </div>
          ))}
        </div>
        <div className="port-col outputs">
          {data.outputs.map((port) => (
            <div className="port-row" key={port.name} title={port.description}>
              <PortLabel port={port} />
              <Handle
                type="source"
                position={Position.Right}
                id={outputHandleId(port.name)}
                className={`port-handle type-${port.type}`}
                isConnectable={isConnectable}
                data-testid={`handle-${id}-out-${port.name}`}
                aria-label={`${id} output ${port.name} (${port.type})`}
              />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

export const StepNodeView = memo(StepNodeViewImpl);

/** Defined once, outside any component, so React Flow never sees a new object. */
export const nodeTypes = { step: StepNodeView };
