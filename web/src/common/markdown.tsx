// Markdown from users, rendered safely: no raw HTML, and the output sanitized (GitHub's schema).
import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

export function MarkdownView({ children, className }: { children: string; className?: string }) {
  return (
    <div className={`markdown ${className ?? ''}`.trim()}>
      <Markdown rehypePlugins={[rehypeSanitize]} skipHtml>
        {children}
      </Markdown>
    </div>
  );
}
