/** SQL migrations imported as text (wrangler `[[rules]] type = "Text"`), see durable-migrations.ts. */
declare module '*.sql' {
  const text: string;
  export default text;
}
