// Jest resolver: the kubernetes-models-ts packages (and what they import) export
// only under the "import" condition, which Jest's CommonJS resolution does not
// use; add it for them alone, so no other package switches to its ESM build.
const ESM_ONLY = /^(@kubernetes-models\/|kubernetes-models(\/|$)|is-cidr$|cidr-regex$)/;
const INSIDE = /node_modules[\\/](@kubernetes-models|kubernetes-models|is-cidr|cidr-regex)[\\/]/;

module.exports = (request, options) => {
  if (ESM_ONLY.test(request) || INSIDE.test(options.basedir)) {
    return options.defaultResolver(request, { ...options, conditions: [...(options.conditions ?? []), "import"] });
  }
  return options.defaultResolver(request, options);
};
