import { NotFoundPage } from '../../components/StatusPage';

export function NotFoundRoute() {
  return <NotFoundPage />;
}
