/** Gives views the store (a real one in the app, one over a fake bridge in tests). */
import { createContext, type ReactNode, useContext } from "react";
import { useStore } from "zustand";
import type { CrewActions, CrewState, CrewStore } from "./crew-store.js";

const StoreContext = createContext<CrewStore | undefined>(undefined);

export function StoreProvider({ store, children }: { store: CrewStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useCrewStore(): CrewStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useCrew needs a <StoreProvider> above it");
  return store;
}

export function useCrew<T>(selector: (state: CrewState & CrewActions) => T): T {
  return useStore(useCrewStore(), selector);
}
