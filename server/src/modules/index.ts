// The domain modules, in the order their types and routes are mounted.
import type { Module } from "../platform/module.ts";
import { identity } from "./identity/index.ts";

export const modules: Module[] = [identity];
