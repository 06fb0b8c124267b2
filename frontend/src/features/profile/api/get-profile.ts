import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { UserProfile } from '../../../api/types';

export function getProfile(userId: string, signal?: AbortSignal): Promise<UserProfile> {
  return request(() => api.GET('/api/v1/users/{userId}', { params: { path: { userId } }, signal }));
}
