import { useRoute, href, type Route } from './router';
import { PipelinesPage } from './pages/PipelinesPage';
import { EditorPage } from './pages/EditorPage';
import { RunsPage } from './pages/RunsPage';
import { RunDetailPage } from './pages/RunDetailPage';
import { ComparePage } from './pages/ComparePage';
import { ComponentsPage } from './pages/ComponentsPage';
import { ModelsPage } from './pages/ModelsPage';
import { ModelPage } from './pages/ModelPage';
import { ArtifactLineagePage } from './pages/ArtifactLineagePage';
import { ScaleTestsPage } from './pages/ScaleTestsPage';
import { ScaleTestPage } from './pages/ScaleTestPage';

function TopBar({ route }: { route: Route }) {
  const section =
    route.page === 'runs' || route.page === 'run' || route.page === 'compare' ? 'runs'
    : route.page === 'components' ? 'components'
    : route.page === 'models' || route.page === 'model' || route.page === 'artifact' ? 'models'
    : route.page === 'scale-tests' || route.page === 'scale-test' ? 'scale-tests'
    : 'pipelines';
  return (
    <header className="topbar">
      <a className="brand" href={href.pipelines()} aria-label="Loom home">
        <svg className="brand-mark" viewBox="0 0 20 20" aria-hidden="true">
          <rect x="1" y="1" width="18" height="18" rx="4" fill="#2f64c9" />
          <path d="M5 6h10M5 10h10M5 14h10M7 4v12M13 4v12" stroke="#fff" strokeWidth="1.4" opacity="0.9" />
        </svg>
        Loom
      </a>
      <nav className="topnav" aria-label="Main">
        <a href={href.pipelines()} aria-current={section === 'pipelines' ? 'page' : undefined}>Pipelines</a>
        <a href={href.runs()} aria-current={section === 'runs' ? 'page' : undefined}>Runs</a>
        <a href={href.models()} aria-current={section === 'models' ? 'page' : undefined}>Models</a>
        <a href={href.components()} aria-current={section === 'components' ? 'page' : undefined}>Components</a>
        <a href={href.scaleTests()} aria-current={section === 'scale-tests' ? 'page' : undefined}>Scale tests</a>
      </nav>
    </header>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'pipelines':
      return <PipelinesPage />;
    case 'editor':
      return <EditorPage key={`edit:${route.name}`} name={route.name} newName={null} runId={route.run} />;
    case 'new':
      return <EditorPage key={`new:${route.name}`} name={null} newName={route.name} runId={null} />;
    case 'runs':
      return <RunsPage initialPipeline={route.pipeline} />;
    case 'run':
      return <RunDetailPage key={route.id} id={route.id} />;
    case 'compare':
      return <ComparePage a={route.a} b={route.b} />;
    case 'components':
      return <ComponentsPage />;
    case 'models':
      return <ModelsPage />;
    case 'artifact':
      return <ArtifactLineagePage key={route.sha} sha={route.sha} />;
    case 'model':
      return <ModelPage key={route.name} name={route.name} version={route.version} />;
    case 'scale-tests':
      return <ScaleTestsPage />;
    case 'scale-test':
      return <ScaleTestPage key={route.id} id={route.id} />;
    default:
      return (
        <div className="page">
          <div className="page-inner">
            <h1>Not found</h1>
            <p>
              Nothing lives at <code>{route.path}</code>. Go to the <a href={href.pipelines()}>pipelines</a>.
            </p>
          </div>
        </div>
      );
  }
}

export function App() {
  const route = useRoute();
  return (
    <div className="app">
      <TopBar route={route} />
      <main className="main">
        <Page route={route} />
      </main>
    </div>
  );
}
