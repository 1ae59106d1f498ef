import { NotFound } from '../../shared/components/page-state';

export function NotFoundRoute() {
  return (
    <>
      <title>Not found · Firewatch</title>
      <NotFound title="Page not found">Nothing lives at this address.</NotFound>
    </>
  );
}
