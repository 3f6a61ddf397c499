/** The core API (`/api/v1`) paths the cluster core reads, spelled once: pods, one pod, Events of a namespace. */
const namespacePath = (namespace: string): string => `/api/v1/namespaces/${encodeURIComponent(namespace)}`;

export const podsPath = (namespace: string): string => `${namespacePath(namespace)}/pods`;

export const podPath = (namespace: string, name: string): string => `${podsPath(namespace)}/${encodeURIComponent(name)}`;

export const eventsPath = (namespace: string): string => `${namespacePath(namespace)}/events`;
