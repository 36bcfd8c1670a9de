// Arguments checked against their input classes' class-validator constraints, as type-graphql
// does by default with these settings, minus its cost: type-graphql's own check requires
// class-validator anew for every argument that is an object, a Date included: a module lookup
// per argument, 1.5 % of a year's dashboard read in a profile.
import { validateOrReject, type ValidationError, type ValidatorOptions } from "class-validator";
import { ArgumentValidationError, type ValidatorFn } from "type-graphql";

/** Constraints on the fields given; unknown values are the schema's business, not class-validator's. */
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const hasConstraintsToCheck = (value: unknown): value is object => typeof value === "object" && value !== null && !(value instanceof Date);

export const validateArgument: ValidatorFn = async (value) => {
  if (!hasConstraintsToCheck(value)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(hasConstraintsToCheck).map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(value, OPTIONS);
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
};

/** For an argument whose service checks each item itself and says why it refuses one. */
export const checkedByTheService: ValidatorFn = () => undefined;
