import { createRegistry } from "../engine/registry";
import { contentModeration } from "./content-moderation";
import { customerSupport } from "./customer-support";

// Every workflow this installation runs. To add one: define it in its own file and list it here.
export const workflowRegistry = createRegistry([customerSupport, contentModeration]);
