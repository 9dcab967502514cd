import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';
import { Loading } from './components/Loading';
import { SignedInReminders } from './components/Reminders';
import { HomePage } from './pages/HomePage';
import { LoginPage, RegisterPage } from './pages/AuthPages';
import { NotFoundPage } from './pages/NotFoundPage';

// Pages behind sign-in load on demand, so the first visit downloads only the shell.
const LibraryPage = lazy(() => import('./pages/LibraryPage'));
const ProblemPage = lazy(() => import('./pages/ProblemPage'));
const SessionsPage = lazy(() => import('./pages/SessionsPage'));
const JoinPage = lazy(() => import('./pages/JoinPage'));
const RoomPage = lazy(() => import('./room/RoomPage'));
const GroupsPage = lazy(() => import('./pages/GroupsPage'));
const GroupJoinPage = lazy(() => import('./pages/GroupJoinPage'));
const GroupPage = lazy(() => import('./pages/GroupPage'));
const AdminPage = lazy(() => import('./pages/AdminPage'));
const ReviewPage = lazy(() => import('./review/ReviewPage'));
const ProgressPage = lazy(() => import('./review/ProgressPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const ResetPage = lazy(() => import('./pages/ResetPage'));

function RequireAuth({ children }: { children: React.ReactNode }) {
  const { me, ready } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <ErrorBoundary>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/sessions/:id/room" element={<RequireAuth><SignedInReminders /><RoomPage /></RequireAuth>} />
              <Route element={<Layout />}>
                <Route index element={<HomePage />} />
                <Route path="login" element={<LoginPage />} />
                <Route path="register" element={<RegisterPage />} />
                <Route path="reset" element={<ResetPage />} />
                <Route path="settings" element={<RequireAuth><SettingsPage /></RequireAuth>} />
                <Route path="problems" element={<RequireAuth><LibraryPage /></RequireAuth>} />
                <Route path="problems/:slug" element={<RequireAuth><ProblemPage /></RequireAuth>} />
                <Route path="sessions" element={<RequireAuth><SessionsPage /></RequireAuth>} />
                <Route path="join/:id" element={<RequireAuth><JoinPage /></RequireAuth>} />
                <Route path="groups" element={<RequireAuth><GroupsPage /></RequireAuth>} />
                <Route path="groups/join" element={<RequireAuth><GroupJoinPage /></RequireAuth>} />
                <Route path="groups/:id" element={<RequireAuth><GroupPage /></RequireAuth>} />
                <Route path="admin" element={<RequireAuth><AdminPage /></RequireAuth>} />
                <Route path="sessions/:id/review" element={<RequireAuth><ReviewPage /></RequireAuth>} />
                <Route path="progress" element={<RequireAuth><ProgressPage /></RequireAuth>} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </Suspense>
        </ErrorBoundary>
      </AuthProvider>
    </BrowserRouter>
  );
}
