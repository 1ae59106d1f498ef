import { CopyButton } from '../../../shared/components/copy-button';
import { integrationSnippets } from '../model/snippets';

export function IntegrationSnippets({ integrationKey, serviceName }: { integrationKey: string; serviceName: string }) {
  const snippets = integrationSnippets(window.location.origin, integrationKey, serviceName);
  return (
    <div className="space-y-4">
      {snippets.map((snippet) => (
        <figure key={snippet.id} className="min-w-0">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <figcaption className="text-sm font-medium text-slate-900">{snippet.title}</figcaption>
            <CopyButton text={snippet.text} label={`Copy ${snippet.title}`} />
          </div>
          <p className="mt-0.5 text-xs text-slate-600">{snippet.description}</p>
          <pre aria-label={snippet.title} className="mt-1.5 max-w-full overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">
            <code>{snippet.text}</code>
          </pre>
        </figure>
      ))}
    </div>
  );
}
