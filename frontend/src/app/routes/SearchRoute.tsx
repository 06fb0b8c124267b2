import { useSearchParams } from 'react-router-dom';

import { SearchResults } from '../../features/search/components/SearchResults';

/** `/search?email=…`: bookmarkable search results. */
export function SearchRoute() {
  const [params] = useSearchParams();
  const email = (params.get('email') ?? '').trim();
  return <SearchResults key={email} email={email} />;
}
