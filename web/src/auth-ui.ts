import { onAuthStateChanged, signInWithEmailAndPassword, signOut, User } from 'firebase/auth';
import { auth } from './firebase';

/** A small sign-in form bound to #auth; calls back with the user (and their admin claim). */
export function mountAuth(onUser: (u: User | null, admin: boolean) => void): void {
  const root = document.getElementById('auth')!;
  const render = (u: User | null) => {
    root.innerHTML = u
      ? `<span data-testid="whoami">${u.email}</span> <button id="signout">Sign out</button>`
      : `<form id="signin"><input name="email" placeholder="email" value="" autocomplete="username"> <input name="password" type="password" placeholder="password" autocomplete="current-password"> <button>Sign in</button> <span id="auth-error" class="error"></span></form>`;
    document.getElementById('signout')?.addEventListener('click', () => void signOut(auth));
    document.getElementById('signin')?.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target as HTMLFormElement);
      signInWithEmailAndPassword(auth, String(f.get('email')), String(f.get('password'))).catch((e: Error) => {
        document.getElementById('auth-error')!.textContent = e.message;
      });
    });
  };
  onAuthStateChanged(auth, async (u) => {
    render(u);
    const admin = u ? (await u.getIdTokenResult()).claims.admin === true : false;
    onUser(u, admin);
  });
}
