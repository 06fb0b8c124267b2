import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { UserSearchResults } from '../../../api/types';

export function searchUsers(email: string, signal?: AbortSignal): Promise<UserSearchResults> {
  return request(() => api.GET('/api/v1/users', { params: { query: { email } }, signal }));
}
