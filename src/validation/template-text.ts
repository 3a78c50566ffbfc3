/**
 * Text Terraform would not take literally. In `cdk.tf.json` every string is a template: `${...}` is an
 * expression (`${file("~/.kube/config")}` reads a file at plan) and `%{...}` a directive. A value from
 * the configuration that held one would be evaluated instead of written; cdktf itself would read a
 * `${TfToken[TOKEN.n]}` as a reference to another resource or a secret variable. No field of the
 * configuration needs either, so they are refused rather than escaped.
 */
export const TEMPLATE_SEQUENCE = /\$\{|%\{/;
