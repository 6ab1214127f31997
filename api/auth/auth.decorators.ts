import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const PUBLIC_ROUTE = 'slaflow:public';
export const ROUTE_ROLES = 'slaflow:roles';

/** Anyone may call it, without a key (health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call it; a route without `@Roles` is open to every authenticated role. */
export const Roles = (...allowed: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, allowed);

/** The authenticated caller, as the guard found it. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
