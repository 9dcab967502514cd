import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../shared/api';
import { api, ApiError } from './api';

interface AuthState {
  me: Me | null;
  ready: boolean;
  setMe(me: Me | null): void;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    api.get<Me>('/me').then(
      (m) => setMe(m),
      (err: ApiError) => {
        if (err.status !== 401) console.warn(err.message);
        setMe(null);
      },
    ).finally(() => setReady(true));
    const onUnauthorized = () => setMe(null);
    window.addEventListener('mockroom:unauthorized', onUnauthorized);
    return () => window.removeEventListener('mockroom:unauthorized', onUnauthorized);
  }, []);
  const logout = useCallback(async () => {
    await api.post('/auth/logout').catch(() => undefined);
    setMe(null);
  }, []);
  const value = useMemo(() => ({ me, ready, setMe, logout }), [me, ready, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
