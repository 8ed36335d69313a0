// Starts govuk-frontend's components (skip link, service navigation toggle, error summary focus...).
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
