import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import type { Principal, Role } from './principal';

/**
 * Every route needs `Authorization: Bearer <api key>` unless it is `@Public()`: no or a bad key is
 * 401, a role the route does not allow is 403. Organisation checks (a customer on another
 * organisation's ticket) are the services' part, as they need the ticket.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = request.headers.authorization;
    if (!header) throw new UnauthorizedException('missing Authorization header: send "Authorization: Bearer <api key>"');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('Authorization header must be "Bearer <api key>"');
    const principal = await this.keys.authenticate(match[1]);
    if (!principal) throw new UnauthorizedException('unknown or revoked API key');
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (allowed && !allowed.includes(principal.role)) {
      throw new ForbiddenException(`role ${principal.role} may not do this; allowed: ${allowed.join(', ')}`);
    }
    return true;
  }
}
