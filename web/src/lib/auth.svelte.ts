import { api, ApiError, type Instructor } from './api.ts';

/** Who is signed in, and whether the first instructor still has to be created. */
class Auth {
  me = $state<Instructor | null>(null);
  needsSetup = $state(false);
  registration = $state<'open' | 'closed'>('closed');
  loaded = $state(false);

  async refresh() {
    const status = await api.auth.status();
    this.needsSetup = status.needsSetup;
    this.registration = status.registration;
    this.me = await api.auth.me().catch((error) => {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    });
    this.loaded = true;
  }

  async login(email: string, password: string) {
    this.me = await api.auth.login({ email, password });
  }

  async setup(input: { email: string; name: string; password: string }) {
    this.me = await api.auth.setup(input);
    this.needsSetup = false;
  }

  /** Open registration: the account exists afterwards (or already did), so sign in with it. */
  async register(input: { email: string; name: string; password: string }) {
    await api.auth.register(input);
    await this.login(input.email, input.password);
  }

  /** Signed in by other means (an invitation or a reset link). */
  signedIn(instructor: Instructor) {
    this.me = instructor;
    this.needsSetup = false;
    this.loaded = true;
  }

  async logout() {
    await api.auth.logout();
    this.me = null;
  }

  async logoutEverywhere() {
    await api.auth.logoutEverywhere();
    this.me = null;
  }
}

export const auth = new Auth();
