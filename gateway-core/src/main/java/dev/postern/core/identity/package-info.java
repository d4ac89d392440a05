/**
 * Who a user is: the one way a user name is checked and case-folded ({@code UserNames}), and the
 * normalised name a login carries from the front to the throttle and the verifier
 * ({@code UserName}). Used by the login path, the store (its migrations) and the account service.
 */
package dev.postern.core.identity;
