import { LocaleSwitcher } from "@/app/_components/LocaleSwitcher";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="auth-wrap" id="main">
      <div className="auth-card">
        {children}
        <LocaleSwitcher />
      </div>
    </main>
  );
}
