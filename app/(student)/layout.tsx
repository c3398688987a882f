import { AppShell } from "@/app/_components/AppShell";
import { requireUser } from "@/lib/session";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return <AppShell user={user}>{children}</AppShell>;
}
